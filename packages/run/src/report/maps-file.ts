import fs from 'node:fs';
import type { RecordedMap } from '@otfuse/core';
import { float32ToFloat16, openSafetensors } from '@otfuse/io';
import { MapFigures, mapFigures } from './map-figures';

/** The file every solved map of a run is kept in, next to report.json. */
export const MAPS_FILE = 'maps.safetensors';

/** Where the maps are kept while a run solves them, inside its temporary output folder. */
export const MAPS_SPOOL = '.maps.spool';

interface Stored {
  name: string;
  shape: [number, number];
  begin: number;
  end: number;
}

/**
 * Keeps every solved transport map of a run without holding them in memory: each map goes to a
 * spool file as F16 the moment it is solved, and `writeTo` assembles `maps.safetensors` (the
 * header, then the data copied in chunks). The figures of each map are computed on arrival. The
 * spool lives in the run's temporary output folder, so a killed run leaves it nowhere else.
 */
export class MapsRecorder {
  readonly figures: MapFigures[] = [];
  private readonly fd: number;
  private readonly stored: Stored[] = [];
  private offset = 0;
  private closed = false;

  constructor(
    private readonly solver: string,
    private readonly dataFile: string,
  ) {
    this.fd = fs.openSync(dataFile, 'w');
  }

  record(recorded: RecordedMap): void {
    const figures = mapFigures(recorded, this.figures.length);
    const bytes = new Uint8Array(float32ToFloat16(recorded.map.data).buffer);
    fs.writeSync(this.fd, bytes);
    this.stored.push({ name: figures.tensor, shape: [recorded.map.n0, recorded.map.n1], begin: this.offset, end: this.offset + bytes.length });
    this.offset += bytes.length;
    this.figures.push(figures);
  }

  /** Writes `maps.safetensors`: F16 maps in solve order; `__metadata__` names the solver and, per map, its node, shapes and OT cost. */
  writeTo(file: string): void {
    const metadata: Record<string, string> = { format: 'otfuse-maps', solver: this.solver };
    for (const f of this.figures) metadata[f.tensor] = JSON.stringify({ model: f.model, label: f.label, n0: f.n0, n1: f.n1, otCost: f.otCost });
    const header: Record<string, unknown> = { __metadata__: metadata };
    for (const s of this.stored) header[s.name] = { dtype: 'F16', shape: s.shape, data_offsets: [s.begin, s.end] };
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
    const out = fs.openSync(file, 'w');
    try {
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
      fs.writeSync(out, length);
      fs.writeSync(out, json);
      const chunk = Buffer.allocUnsafe(1 << 20);
      const input = fs.openSync(this.dataFile, 'r');
      try {
        for (let read = fs.readSync(input, chunk); read > 0; read = fs.readSync(input, chunk)) fs.writeSync(out, chunk, 0, read);
      } finally {
        fs.closeSync(input);
      }
    } finally {
      fs.closeSync(out);
    }
  }

  /** Removes the spool file. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
    fs.rmSync(this.dataFile, { force: true });
  }
}

/** One map read back from `maps.safetensors`, as float32 (rows: aligned model's neurons). */
export interface StoredMap {
  tensor: string;
  n0: number;
  n1: number;
  data: Float32Array;
}

/** Reads the maps named by `tensors` (all when absent) from a `maps.safetensors`, one at a time. */
export function* readMaps(file: string, tensors?: readonly string[]): Generator<StoredMap> {
  const reader = openSafetensors(file);
  try {
    for (const tensor of tensors ?? reader.names()) {
      const { shape, data } = reader.readAsFloat32(tensor);
      yield { tensor, n0: shape[0], n1: shape[1], data };
    }
  } finally {
    reader.close();
  }
}
