"""Writes the encoder-family fixtures the hf-bert specs read: for each family of FAMILIES (a folder
named by its model_type) and each of its classes (`base`, `seqcls`, `mlm`), one tiny random model,
a function-preserving permuted copy of it, and transformers' outputs on the family's inputs.

- `<family>/<kind>/`: the model as `save_pretrained` writes it (config.json, model.safetensors);
- `<family>/<kind>-perm/`: the same model with its neurons permuted here, in PyTorch (the residual
  stream, whole heads, the dimensions inside a head: one permutation for Q and K, another for V,
  the MLP neurons, and the classification head's hidden neurons; never an output of the model, so
  not the residual stream of a base model without a pooler),
  saved by `save_pretrained`; it gives the same outputs;
- `<family>/<kind>-outputs.safetensors`: `last_hidden_state`, `pooler_output` or `logits`, and
  each `hidden_states.<i>` on `<family>/inputs.safetensors`;
- `<family>/inputs.safetensors`: `input_ids`, `attention_mask`, `token_type_ids` [6, 12] (I64;
  padding, with the family's pad id, in four of the six sequences; RoBERTa's position ids count
  only the tokens that are not padding).

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
HIDDEN, HEADS, LAYERS, MLP, VOCAB = 8, 2, 2, 16, 40
HEAD = HIDDEN // HEADS
COUNT, LENGTH = 6, 12
LENGTHS = [12, 9, 4, 12, 7, 10]

ROBERTA_NAMES = {
    "prefix": "roberta.", "embeddings": "embeddings", "tables": ("word_embeddings", "position_embeddings", "token_type_embeddings"),
    "layer": "encoder.layer.{i}.", "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "o": "attention.output.dense", "attn_norm": "attention.output.LayerNorm", "ff0": "intermediate.dense", "ff1": "output.dense",
    "out_norm": "output.LayerNorm", "pooler": "pooler.dense", "seq_hidden": "classifier.dense", "seq_out": "classifier.out_proj",
    "mlm_dense": "lm_head.dense", "mlm_norm": "lm_head.layer_norm",
}


def roberta_like(config_class, classes):
    """RoBERTa and XLM-RoBERTa: one encoder under two class names."""
    return {
        "config": lambda: config_class(vocab_size=VOCAB, hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS,
                                       intermediate_size=MLP, max_position_embeddings=16, type_vocab_size=1, num_labels=3,
                                       hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, attn_implementation="eager"),
        "classes": dict(zip(("base", "seqcls", "mlm"), classes)),
        "names": ROBERTA_NAMES, "pad": 1, "types": 1,
    }


FAMILIES = {
    "roberta": roberta_like(T.RobertaConfig, (T.RobertaModel, T.RobertaForSequenceClassification, T.RobertaForMaskedLM)),
    "xlm-roberta": roberta_like(T.XLMRobertaConfig, (T.XLMRobertaModel, T.XLMRobertaForSequenceClassification, T.XLMRobertaForMaskedLM)),
    "distilbert": {
        "config": lambda: T.DistilBertConfig(vocab_size=VOCAB, dim=HIDDEN, n_layers=LAYERS, n_heads=HEADS, hidden_dim=MLP,
                                             max_position_embeddings=16, num_labels=3, dropout=0.0, attention_dropout=0.0,
                                             attn_implementation="eager"),
        "classes": {"base": T.DistilBertModel, "seqcls": T.DistilBertForSequenceClassification, "mlm": T.DistilBertForMaskedLM},
        "names": {
            "prefix": "distilbert.", "embeddings": "embeddings", "tables": ("word_embeddings", "position_embeddings"),
            "layer": "transformer.layer.{i}.", "q": "attention.q_lin", "k": "attention.k_lin", "v": "attention.v_lin",
            "o": "attention.out_lin", "attn_norm": "sa_layer_norm", "ff0": "ffn.lin1", "ff1": "ffn.lin2",
            "out_norm": "output_layer_norm", "pooler": None, "seq_hidden": "pre_classifier", "seq_out": "classifier",
            "mlm_dense": "vocab_transform", "mlm_norm": "vocab_layer_norm",
        },
        "pad": 0, "types": 0,
    },
}


def model_of(family, kind, seed):
    torch.manual_seed(seed)
    model = FAMILIES[family]["classes"][kind](FAMILIES[family]["config"]()).eval()
    with torch.no_grad():
        # Random values everywhere (biases and norm gains included) so that a wrong map shows.
        for name, parameter in model.named_parameters():
            gain = name.endswith(("LayerNorm.weight", "layer_norm.weight"))
            parameter.copy_((1 if gain else 0) + 0.3 * torch.randn_like(parameter))
    return model


def inputs(family):
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(3, VOCAB, (COUNT, LENGTH), generator=g)
    ids[:, 0] = 2
    mask = torch.zeros(COUNT, LENGTH, dtype=torch.int64)
    for s, n in enumerate(LENGTHS):
        mask[s, :n] = 1
    ids = ids.masked_fill(mask == 0, FAMILIES[family]["pad"])
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros(COUNT, LENGTH, dtype=torch.int64)}


def outputs(family, model, data):
    args = {k: data[k] for k in ("input_ids", "attention_mask", "token_type_ids")[: 3 if FAMILIES[family]["types"] else 2]}
    with torch.no_grad():
        out = model(**args, output_hidden_states=True)
    tensors = {}
    for key in ("last_hidden_state", "pooler_output", "logits"):
        value = getattr(out, key, None)
        if value is not None:
            tensors[key] = value.detach().clone().contiguous()
    for i, hidden in enumerate(out.hidden_states):
        tensors[f"hidden_states.{i}"] = hidden.clone().contiguous()
    return tensors


def permutations(seed):
    g = torch.Generator().manual_seed(seed)
    perm = lambda n: torch.randperm(n, generator=g)
    return {
        "hidden": perm(HIDDEN),
        "head": perm(HIDDEN),
        "layers": [{"heads": perm(HEADS), "qk": perm(HEAD), "v": perm(HEAD), "mlp": perm(MLP)} for _ in range(LAYERS)],
    }


def head_index(heads, inner):
    """Feature order of a projection whose heads move by `heads` and dimensions inside each head by `inner`."""
    return torch.cat([h * HEAD + inner for h in heads])


def permute(family, kind, model, p):
    """A copy of `model` with its neurons permuted (new position ← old), computing the same outputs."""
    n = FAMILIES[family]["names"]
    copy_ = copy.deepcopy(model)
    state = dict(copy_.named_parameters(remove_duplicate=False))
    base = "" if kind == "base" else n["prefix"]
    # A base model without a pooler outputs the residual stream: it keeps its order.
    stream_out = kind == "base" and n["pooler"] is None
    h = torch.arange(HIDDEN) if stream_out else p["hidden"]

    def rows(name, index):
        state[name].data = state[name].data[index].clone()

    def cols(name, index):
        state[name].data = state[name].data[:, index].clone()

    def linear(module, out, into):
        if out is not None:
            rows(f"{module}.weight", out)
            rows(f"{module}.bias", out)
        if into is not None:
            cols(f"{module}.weight", into)

    norm = lambda module: [rows(f"{module}.{t}", h) for t in ("weight", "bias")]
    for table in n["tables"]:
        cols(f"{base}{n['embeddings']}.{table}.weight", h)
    norm(f"{base}{n['embeddings']}.LayerNorm")
    for i, layer in enumerate(p["layers"]):
        key = base + n["layer"].format(i=i)
        qk, v = head_index(layer["heads"], layer["qk"]), head_index(layer["heads"], layer["v"])
        linear(key + n["q"], qk, h)
        linear(key + n["k"], qk, h)
        linear(key + n["v"], v, h)
        linear(key + n["o"], h, v)
        norm(key + n["attn_norm"])
        linear(key + n["ff0"], layer["mlp"], h)
        linear(key + n["ff1"], h, layer["mlp"])
        norm(key + n["out_norm"])
    if kind == "base" and n["pooler"] is not None:
        linear(n["pooler"], None, h)  # the pooler's output is the model's: it keeps its order
    if kind == "seqcls":
        linear(n["seq_hidden"], p["head"], h)
        linear(n["seq_out"], None, p["head"])
    if kind == "mlm":
        # The decoder is the word-embedding table (columns permuted by `h`): the transform outputs in `h`.
        linear(n["mlm_dense"], h, h)
        norm(n["mlm_norm"])
    copy_.tie_weights()
    return copy_


def check_same_function(where, a, b):
    for key, value in a.items():
        if (key.startswith("hidden_states") or key == "last_hidden_state") and ("pooler_output" in a or "logits" in a):
            continue  # in the permuted residual stream
        assert torch.allclose(value, b[key], atol=2e-5), (where, key, (value - b[key]).abs().max())


def main():
    for f, family in enumerate(FAMILIES):
        folder = HERE / family
        data = inputs(family)
        folder.mkdir(exist_ok=True)
        save_file(data, folder / "inputs.safetensors")
        for k, (kind, cls) in enumerate(FAMILIES[family]["classes"].items()):
            model = model_of(family, kind, 10 * f + k)
            model.save_pretrained(folder / kind)
            expected = outputs(family, model, data)
            save_file(expected, folder / f"{kind}-outputs.safetensors")
            permuted = permute(family, kind, model, permutations(100 + 10 * f + k))
            check_same_function((family, kind), expected, outputs(family, permuted, data))
            permuted.save_pretrained(folder / f"{kind}-perm")
            reloaded = cls.from_pretrained(folder / f"{kind}-perm").eval()
            check_same_function((family, kind, "reloaded"), expected, outputs(family, reloaded, data))


if __name__ == "__main__":
    main()
