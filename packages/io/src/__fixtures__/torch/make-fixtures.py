"""Writes the PyTorch checkpoints the torch reader specs of packages/io read, beside the
safetensors files holding the values those checkpoints must give back.

Nothing here is written by otfuse: every .bin is torch.save's own output (directly, or through
huggingface_hub's save_torch_state_dict, which is what transformers 4 called for
save_pretrained(safe_serialization=False); transformers 5 only writes safetensors), and every
expected value is written by safetensors.torch.save_file or save_pretrained. Run from this
folder with a Python that has torch 2.13, transformers 5.18, huggingface_hub and safetensors:

    python make-fixtures.py

The tests never run this script; they read what it wrote.
"""
import json
import shutil
import tempfile
from pathlib import Path

import torch
from huggingface_hub import save_torch_state_dict
from safetensors.torch import save_file
from transformers import BertConfig, BertForSequenceClassification

HERE = Path(__file__).resolve().parent


def save_pair(name, tensors):
    """`<name>.bin` by torch.save, `<name>.safetensors` with the same values, contiguous and unshared."""
    torch.save(tensors, HERE / f"{name}.bin")
    save_file({k: v.contiguous().clone() for k, v in tensors.items()}, HERE / f"{name}.safetensors")


# One tensor of every storage type torch.save writes for a state dict, a scalar and an empty one.
values = torch.arange(6, dtype=torch.float64).reshape(2, 3) / 4 - 0.5  # -0.5 … 0.75, exact in every float type
save_pair("dtypes", {
    "f32": values.float(),
    "f16": values.half(),
    "bf16": values.bfloat16(),
    "f64": values + 1 / 3,
    "i64": torch.tensor([-(2**40), -1, 0, 7, 2**53 + 1], dtype=torch.int64),
    "i32": torch.tensor([-(2**31), 5, 2**31 - 1], dtype=torch.int32),
    "i16": torch.tensor([-300, 300], dtype=torch.int16),
    "i8": torch.tensor([-128, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 255], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True]),
    "scalar": torch.tensor(3.5),
    "empty": torch.zeros(0, 4),
})

# Views saved as they are: every one shares the storage of `base` (or of `w`), at an offset or
# with strides that are not row-major; `wte.weight` and `lm_head.weight` are one tensor (tied).
base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
w = torch.linspace(-1, 1, 12).reshape(3, 4)
save_pair("views", {
    "base": base,
    "row": base[2],
    "columns": base[:, 1:4],
    "transposed": base.t(),
    "strided": base[::2, ::3],
    "expanded": base[1, :3].expand(2, 3),
    "wte.weight": w,
    "lm_head.weight": w,
    "half.transposed": w.half().t(),
})

# A tiny BERT classifier: model.state_dict() (an OrderedDict with a `_metadata` attribute) saved
# as transformers 4 saved pytorch_model.bin, and the same weights by save_pretrained as safetensors.
torch.manual_seed(0)
config = BertConfig(vocab_size=12, hidden_size=4, num_hidden_layers=1, num_attention_heads=2, intermediate_size=8,
                    max_position_embeddings=8, type_vocab_size=2, num_labels=3)
model = BertForSequenceClassification(config).eval()
with torch.no_grad():
    for name, parameter in model.named_parameters():
        if name.endswith("bias") or "LayerNorm" in name:
            parameter.normal_()  # so that a bias read as zeros or a gain read as ones shows
state = model.state_dict()
with tempfile.TemporaryDirectory() as tmp:
    model.save_pretrained(tmp)
    shutil.copy(Path(tmp) / "model.safetensors", HERE / "bert-expected.safetensors")
    for folder in ("bert-bin", "bert-sharded"):
        shutil.rmtree(HERE / folder, ignore_errors=True)
        (HERE / folder).mkdir()
        shutil.copy(Path(tmp) / "config.json", HERE / folder / "config.json")
torch.save(state, HERE / "bert-bin" / "pytorch_model.bin")
save_torch_state_dict(state, HERE / "bert-sharded", safe_serialization=False, max_shard_size="1KB")
assert json.loads((HERE / "bert-sharded" / "pytorch_model.bin.index.json").read_text())["weight_map"]
for folder in ("bert-bin", "bert-sharded"):
    loaded = BertForSequenceClassification.from_pretrained(HERE / folder).state_dict()
    assert all(torch.equal(loaded[k], v) for k, v in state.items()), folder

# The format torch wrote before 1.6 (a pickle followed by raw storages, no zip): refused by name.
torch.save({"w": w}, HERE / "legacy.bin", _use_new_zipfile_serialization=False)
