"""Writes the ViTModel fixtures the hf-vit specs read: a tiny random `ViTModel` (with its pooler),
a function-preserving permuted copy of it, and transformers' outputs on stored inputs.

- `model/`: the model as `save_pretrained` writes it (config.json, model.safetensors; no `vit.`
  prefix: a base model is saved without it); `pooler_output_size` 12, unlike `hidden_size` 16;
- `model-perm/`: the same model with its neurons permuted here, in PyTorch (the residual stream,
  whole heads, the dimensions inside a head: one permutation for Q and K, another for V, the MLP
  neurons; never the pooler's output, which is the model's), saved by `save_pretrained`;
- `inputs.safetensors`: `pixel_values` [8, 3, 12, 12];
- `outputs.safetensors`: `last_hidden_state`, `pooler_output` and each `hidden_states.<i>`.

Nothing here is written by otfuse. Run from this folder with a Python that has torch 2.13,
transformers 5.18 and safetensors:

    python make-fixtures.py

The tests never run this script; they read what it wrote.
"""
import sys
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import ViTConfig, ViTModel

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "families"))
from importlib import import_module  # noqa: E402

permute_vision = import_module("make-fixtures").permute_vision
HIDDEN, HEADS, LAYERS, MLP = 16, 2, 2, 32


def model():
    config = ViTConfig(hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS, intermediate_size=MLP,
                       image_size=12, patch_size=4, num_channels=3, pooler_output_size=12, attn_implementation="eager")
    torch.manual_seed(3)
    vit = ViTModel(config).eval()
    with torch.no_grad():
        # Random values everywhere (biases and norm gains included) so that a wrong map shows.
        for name, parameter in vit.named_parameters():
            gain = "layernorm" in name and name.endswith("weight")
            parameter.copy_((1 if gain else 0) + 0.3 * torch.randn_like(parameter))
    return vit


def outputs(vit, pixels):
    with torch.no_grad():
        out = vit(pixel_values=pixels, output_hidden_states=True)
    tensors = {"last_hidden_state": out.last_hidden_state.clone(), "pooler_output": out.pooler_output.clone()}
    for i, hidden in enumerate(out.hidden_states):
        tensors[f"hidden_states.{i}"] = hidden.clone().contiguous()
    return tensors


def permute(vit, seed):
    """A copy of `vit` with its neurons permuted (new position ← old), computing the same pooled output."""
    # The pooler's output is the model's: it keeps its order.
    return permute_vision(vit, seed, HIDDEN, HEADS, LAYERS, MLP, "", ("cls_token",), ("pooler.dense",))


def main():
    pixels = torch.randn(8, 3, 12, 12, generator=torch.Generator().manual_seed(5))
    save_file({"pixel_values": pixels}, HERE / "inputs.safetensors")
    vit = model()
    vit.save_pretrained(HERE / "model")
    expected = outputs(vit, pixels)
    save_file(expected, HERE / "outputs.safetensors")
    permuted = permute(vit, 100)
    permuted.save_pretrained(HERE / "model-perm")
    for candidate in (permuted, ViTModel.from_pretrained(HERE / "model-perm").eval()):
        got = outputs(candidate, pixels)["pooler_output"]
        assert torch.allclose(got, expected["pooler_output"], atol=2e-5), (got - expected["pooler_output"]).abs().max()


if __name__ == "__main__":
    main()
