import { FusionError, formatShape } from '../errors';
import type { PermutationClass, PermutationStructure } from '../graph/feature-spaces';
import { checkHeadStructure } from '../graph/head-structure';
import { resolveAxis } from './tensor-axes';

/** One axis of a parameter and the class whose order reorders it. */
export interface ClassAxis {
  /** Non-negative. */
  axis: number;
  classIndex: number;
}

/** A parameter some class permutes, with every axis that is permuted. */
export interface PermutedParameter {
  name: string;
  shape: readonly number[];
  axes: ClassAxis[];
}

/** A model's shape of a parameter, undefined when it has none by that name. */
export type ShapeOf = (param: string) => readonly number[] | undefined;

/** The name a class goes by: its first space. */
export function className(cls: PermutationClass): string {
  return cls.spaces[0];
}

/**
 * The structure checked against a model's shapes (`model` names it in errors): head counts
 * divide widths and agree within a head group, every axis exists and is as wide as its class,
 * no axis has two classes, and every parameter named (permuted, copied or kept) exists.
 * Returns the permuted parameters in the order the classes first name them.
 */
export function permutedParameters(structure: PermutationStructure, shapeOf: ShapeOf, model: string): PermutedParameter[] {
  checkHeads(structure.classes);
  const parameters = new Map<string, PermutedParameter>();
  structure.classes.forEach((cls, classIndex) => {
    for (const { param, axis } of cls.axes) {
      const shape = shapeOf(param);
      if (!shape) throw new FusionError('GRAPH_COVERAGE', `class '${className(cls)}' permutes axis ${axis} of '${param}', which ${model} does not have`);
      const resolved = resolveAxis(axis, shape.length);
      if (resolved === undefined) throw new FusionError('GRAPH_INVALID', `class '${className(cls)}' permutes axis ${axis} of '${param}' ${formatShape(shape)}, which has no such axis`);
      if (shape[resolved] !== cls.width) {
        throw new FusionError('SHAPE_MISMATCH', `class '${className(cls)}' is ${cls.width} wide, but axis ${axis} of '${param}' ${formatShape(shape)} has ${shape[resolved]} features`);
      }
      const entry = parameters.get(param) ?? { name: param, shape, axes: [] };
      const taken = entry.axes.find((a) => a.axis === resolved);
      if (taken) {
        throw new FusionError('GRAPH_INVALID', `axis ${axis} of '${param}' is permuted by both class '${className(structure.classes[taken.classIndex])}' and class '${className(cls)}'`);
      }
      entry.axes.push({ axis: resolved, classIndex });
      parameters.set(param, entry);
    }
  });
  for (const { param, of } of structure.copies) {
    const [shape, source] = [shapeOf(param), shapeOf(of)];
    if (!source) throw new FusionError('GRAPH_COVERAGE', `'${param}' is a copy of '${of}', which ${model} does not have`);
    if (!shape) throw new FusionError('GRAPH_COVERAGE', `'${param}' (a copy of '${of}') is not in ${model}`);
    if (formatShape(shape) !== formatShape(source)) {
      throw new FusionError('SHAPE_MISMATCH', `'${param}' ${formatShape(shape)} is a copy of '${of}', expected its shape ${formatShape(source)}`);
    }
  }
  for (const param of structure.unpermuted) {
    if (!shapeOf(param)) throw new FusionError('GRAPH_COVERAGE', `unpermuted parameter '${param}' is not in ${model}`);
  }
  return [...parameters.values()];
}

function checkHeads(classes: readonly PermutationClass[]): void {
  const groups = new Map<string, PermutationClass>();
  for (const cls of classes) {
    if (!cls.heads) continue;
    const { count, group } = cls.heads;
    if (!Number.isInteger(count) || count < 1 || cls.width % count !== 0) {
      throw new FusionError('SHAPE_MISMATCH', `class '${className(cls)}' is ${cls.width} wide, which its ${count} heads do not divide`);
    }
    const first = groups.get(group);
    if (first && first.heads?.count !== count) {
      throw new FusionError('GRAPH_INVALID', `classes '${className(first)}' and '${className(cls)}' share head group '${group}' but have ${first.heads?.count} and ${count} heads`);
    }
    groups.set(group, first ?? cls);
  }
  checkHeadStructure(classes);
}
