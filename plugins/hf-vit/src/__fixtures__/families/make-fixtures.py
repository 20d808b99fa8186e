"""Writes the vision-family fixtures the hf-vit specs read: for each family of FAMILIES (a folder named
by its model_type) and each of its classes, one tiny random model, a function-preserving permuted
copy of it, and transformers' outputs on the family's inputs.

- `<family>/<kind>/`: the model as `save_pretrained` writes it (config.json, model.safetensors; a base
  model without its `deit.` prefix);
- `<family>/<kind>-perm/`: the same model with its neurons permuted here, in PyTorch (the residual
  stream with the CLS and distillation tokens and the position embeddings' feature axis, whole heads,
  the dimensions inside a head: one permutation for Q and K, another for V, the MLP neurons; never
  an output of the model), saved by `save_pretrained`; it gives the same outputs;
- `<family>/<kind>-outputs.safetensors`: `last_hidden_state`, `pooler_output`, `logits`,
  `cls_logits`, `distillation_logits` (those the class returns) and each `hidden_states.<i>`;
- `<family>/inputs.safetensors`: `pixel_values` [8, 3, 12, 12].

Nothing here is written by otfuse. Run from this folder with a Python that has torch 2.13,
transformers 5.18 and safetensors:

    python make-fixtures.py

The tests never run this script; they read what it wrote.
"""
import copy
from pathlib import Path

import torch
import transformers as T
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent
HIDDEN, HEADS, LAYERS, MLP = 8, 2, 2, 16

FAMILIES = {
    "deit": {
        # A pooler narrower than the stream, so that a wrong width shows.
        "config": lambda: T.DeiTConfig(hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS, intermediate_size=MLP,
                                       image_size=12, patch_size=4, num_channels=3, num_labels=3, pooler_output_size=6,
                                       attn_implementation="eager"),
        "classes": {"classification": T.DeiTForImageClassification, "teacher": T.DeiTForImageClassificationWithTeacher, "base": T.DeiTModel},
        "prefix": "deit.",
        "tokens": ("cls_token", "distillation_token"),
        # Output layers, each on one token: never permuted on their output side.
        "outputs": {"classification": ("classifier",), "teacher": ("cls_classifier", "distillation_classifier"), "base": ("pooler.dense",)},
    },
}


def model_of(family, kind, seed):
    torch.manual_seed(seed)
    model = FAMILIES[family]["classes"][kind](FAMILIES[family]["config"]()).eval()
    with torch.no_grad():
        # Random values everywhere (biases, norm gains and the tokens included) so that a wrong map shows.
        for name, parameter in model.named_parameters():
            gain = "layernorm" in name and name.endswith("weight")
            parameter.copy_((1 if gain else 0) + 0.3 * torch.randn_like(parameter))
    return model


def outputs(model, pixels):
    with torch.no_grad():
        out = model(pixel_values=pixels, output_hidden_states=True)
    tensors = {}
    for key in ("last_hidden_state", "pooler_output", "logits", "cls_logits", "distillation_logits"):
        value = getattr(out, key, None)
        if value is not None:
            tensors[key] = value.detach().clone().contiguous()
    for i, hidden in enumerate(out.hidden_states):
        tensors[f"hidden_states.{i}"] = hidden.clone().contiguous()
    return tensors


def permute_vision(model, seed, hidden, heads, layers, mlp, base, tokens, outputs):
    """A copy of a ViT-like `model` with its neurons permuted (new position ← old), computing the same
    outputs: the residual stream (`tokens` and the position embeddings' feature axis with it), whole
    heads, the dimensions inside a head (one permutation for Q and K, another for V) and the MLP
    neurons; `outputs` (the model's own) only on their input side. Module names are transformers 5's
    in memory, after `base`; save_pretrained writes the checkpoint names
    (`<prefix>encoder.layer.<i>.attention.attention.query`, `intermediate.dense`, …)."""
    g = torch.Generator().manual_seed(seed)
    perm = lambda n: torch.randperm(n, generator=g)
    head = hidden // heads
    h = perm(hidden)
    copy_ = copy.deepcopy(model)
    state = dict(copy_.named_parameters())

    def rows(name, index):
        state[name].data = state[name].data[index].clone()

    def cols(name, index):
        state[name].data = state[name].data[:, index].clone()

    def last(name, index):
        state[name].data = state[name].data[..., index].clone()

    norm = lambda module: [rows(f"{module}.{t}", h) for t in ("weight", "bias")]
    for token in tokens:
        last(f"{base}embeddings.{token}", h)
    last(f"{base}embeddings.position_embeddings", h)
    rows(f"{base}embeddings.patch_embeddings.projection.weight", h)
    rows(f"{base}embeddings.patch_embeddings.projection.bias", h)
    for i in range(layers):
        order, qk, v, neurons = perm(heads), perm(head), perm(head), perm(mlp)
        qk_index = torch.cat([j * head + qk for j in order])
        v_index = torch.cat([j * head + v for j in order])
        key = f"{base}layers.{i}."
        norm(f"{key}layernorm_before")
        for part, index in (("q_proj", qk_index), ("k_proj", qk_index), ("v_proj", v_index)):
            rows(f"{key}attention.{part}.weight", index)
            cols(f"{key}attention.{part}.weight", h)
            rows(f"{key}attention.{part}.bias", index)
        rows(f"{key}attention.o_proj.weight", h)
        cols(f"{key}attention.o_proj.weight", v_index)
        rows(f"{key}attention.o_proj.bias", h)
        norm(f"{key}layernorm_after")
        rows(f"{key}mlp.fc1.weight", neurons)
        cols(f"{key}mlp.fc1.weight", h)
        rows(f"{key}mlp.fc1.bias", neurons)
        rows(f"{key}mlp.fc2.weight", h)
        cols(f"{key}mlp.fc2.weight", neurons)
        rows(f"{key}mlp.fc2.bias", h)
    norm(f"{base}layernorm")
    for output in outputs:
        cols(f"{output}.weight", h)  # the model's outputs keep their order
    return copy_


def permute(family, kind, model, seed):
    f = FAMILIES[family]
    base = "" if kind == "base" else f["prefix"]
    return permute_vision(model, seed, HIDDEN, HEADS, LAYERS, MLP, base, f["tokens"], f["outputs"][kind])


def check_same_function(where, a, b):
    for key, value in a.items():
        if key.startswith("hidden_states") or key == "last_hidden_state":
            continue  # in the permuted residual stream
        assert torch.allclose(value, b[key], atol=2e-5), (where, key, (value - b[key]).abs().max())


def main():
    for f, family in enumerate(FAMILIES):
        folder = HERE / family
        folder.mkdir(exist_ok=True)
        pixels = torch.randn(8, 3, 12, 12, generator=torch.Generator().manual_seed(5 + f))
        save_file({"pixel_values": pixels}, folder / "inputs.safetensors")
        for k, (kind, cls) in enumerate(FAMILIES[family]["classes"].items()):
            model = model_of(family, kind, 10 * f + k)
            model.save_pretrained(folder / kind)
            expected = outputs(model, pixels)
            save_file(expected, folder / f"{kind}-outputs.safetensors")
            permuted = permute(family, kind, model, 100 + 10 * f + k)
            check_same_function((family, kind), expected, outputs(permuted, pixels))
            permuted.save_pretrained(folder / f"{kind}-perm")
            reloaded = cls.from_pretrained(folder / f"{kind}-perm").eval()
            check_same_function((family, kind, "reloaded"), expected, outputs(reloaded, pixels))


if __name__ == "__main__":
    main()
