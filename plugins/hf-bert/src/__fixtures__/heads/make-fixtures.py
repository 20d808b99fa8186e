"""Writes the BERT head fixtures the hf-bert specs read: one tiny random model of each class,
a function-preserving permuted copy of it, and transformers' outputs on shared inputs.

For each kind (`base` BertModel, `tokcls` BertForTokenClassification, `qa`
BertForQuestionAnswering, `pretraining` BertForPreTraining):
- `<kind>/`: the model as `save_pretrained` writes it (config.json, model.safetensors);
- `<kind>-perm/`: the same model with its neurons permuted here, in PyTorch (the residual stream,
  whole heads, the dimensions inside a head: one permutation for Q and K, another for V, the MLP
  neurons, and the pooler's neurons where a head reads them; never an output of the model), saved
  by `save_pretrained`; it gives the same outputs;
- `<kind>-outputs.safetensors`: every output tensor on `inputs.safetensors` (`last_hidden_state`,
  `pooler_output`, `logits`, `start_logits`, `end_logits`, `prediction_logits`,
  `seq_relationship_logits`, `loss` where labels apply) and each `hidden_states.<i>`.
`inputs.safetensors`: `input_ids`, `attention_mask`, `token_type_ids` [6, 12] (I64, padding in
four of the six sequences), `token_labels` [6, 12] (-100 at padding), `start_positions`,
`end_positions` [6], `mlm_labels` [6, 12] (-100 where no token is masked).

Nothing here is written by otfuse. Run from this folder with a Python that has torch 2.13,
transformers 5.18 and safetensors:

    python make-fixtures.py

The tests never run this script; they read what it wrote.
"""
import copy
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import BertConfig, BertForPreTraining, BertForQuestionAnswering, BertForTokenClassification, BertModel

HERE = Path(__file__).resolve().parent
HIDDEN, HEADS, LAYERS, MLP, VOCAB = 16, 2, 2, 32, 40
HEAD = HIDDEN // HEADS
COUNT, LENGTH = 6, 12
LENGTHS = [12, 9, 4, 12, 7, 10]

KINDS = {
    "base": BertModel,
    "tokcls": BertForTokenClassification,
    "qa": BertForQuestionAnswering,
    "pretraining": BertForPreTraining,
}


def config():
    return BertConfig(vocab_size=VOCAB, hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS,
                      intermediate_size=MLP, max_position_embeddings=16, type_vocab_size=2, num_labels=3,
                      hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, attn_implementation="eager")


def model_of(kind, seed):
    cfg = config()
    if kind == "qa":
        cfg.num_labels = 2
    torch.manual_seed(seed)
    model = KINDS[kind](cfg).eval()
    with torch.no_grad():
        # Random values everywhere (biases and norm gains included) so that a wrong map shows.
        for name, parameter in model.named_parameters():
            gain = name.endswith("LayerNorm.weight")
            parameter.copy_((1 if gain else 0) + 0.3 * torch.randn_like(parameter))
    return model


def inputs():
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(3, VOCAB, (COUNT, LENGTH), generator=g)
    ids[:, 0] = 2
    mask = torch.zeros(COUNT, LENGTH, dtype=torch.int64)
    types = torch.zeros(COUNT, LENGTH, dtype=torch.int64)
    for s, n in enumerate(LENGTHS):
        mask[s, :n] = 1
        types[s, n // 2:n] = s % 2
    ids = ids * mask
    token_labels = torch.randint(0, 3, (COUNT, LENGTH), generator=g).masked_fill(mask == 0, -100)
    start = torch.tensor([min(1 + s, n - 1) for s, n in enumerate(LENGTHS)])
    end = torch.tensor([min(start[s].item() + 2, n - 1) for s, n in enumerate(LENGTHS)])
    masked = (torch.rand(COUNT, LENGTH, generator=g) < 0.3) & (mask == 1)
    masked[:, 1] = True
    mlm_labels = ids.masked_fill(~masked, -100)
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types, "token_labels": token_labels,
            "start_positions": start, "end_positions": end, "mlm_labels": mlm_labels}


def outputs(kind, model, data):
    args = {k: data[k] for k in ("input_ids", "attention_mask", "token_type_ids")}
    labels = {
        "base": {},
        "tokcls": {"labels": data["token_labels"]},
        "qa": {"start_positions": data["start_positions"], "end_positions": data["end_positions"]},
        "pretraining": {},
    }[kind]
    with torch.no_grad():
        out = model(**args, **labels, output_hidden_states=True)
    tensors = {}
    for key in ("last_hidden_state", "pooler_output", "logits", "start_logits", "end_logits", "prediction_logits",
                "seq_relationship_logits", "loss"):
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
        "pooler": perm(HIDDEN),
        "layers": [{"heads": perm(HEADS), "qk": perm(HEAD), "v": perm(HEAD), "mlp": perm(MLP)} for _ in range(LAYERS)],
    }


def head_index(heads, inner):
    """Feature order of a projection whose heads move by `heads` and dimensions inside each head by `inner`."""
    return torch.cat([h * HEAD + inner for h in heads])


def permute(kind, model, p):
    """A copy of `model` with its neurons permuted (new position ← old), computing the same outputs."""
    copy_ = copy.deepcopy(model)
    state = dict(copy_.named_parameters())
    base = "" if kind == "base" else "bert."
    h = p["hidden"]

    def rows(name, index):
        state[name].data = state[name].data[index].clone()

    def cols(name, index):
        state[name].data = state[name].data[:, index].clone()

    for table in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
        cols(f"{base}embeddings.{table}.weight", h)
    norm = lambda module: [rows(f"{module}.{t}", h) for t in ("weight", "bias")]
    norm(f"{base}embeddings.LayerNorm")
    for i, layer in enumerate(p["layers"]):
        key = f"{base}encoder.layer.{i}."
        qk, v = head_index(layer["heads"], layer["qk"]), head_index(layer["heads"], layer["v"])
        for part, index in (("query", qk), ("key", qk), ("value", v)):
            rows(f"{key}attention.self.{part}.weight", index)
            cols(f"{key}attention.self.{part}.weight", h)
            rows(f"{key}attention.self.{part}.bias", index)
        rows(f"{key}attention.output.dense.weight", h)
        cols(f"{key}attention.output.dense.weight", v)
        rows(f"{key}attention.output.dense.bias", h)
        norm(f"{key}attention.output.LayerNorm")
        rows(f"{key}intermediate.dense.weight", layer["mlp"])
        cols(f"{key}intermediate.dense.weight", h)
        rows(f"{key}intermediate.dense.bias", layer["mlp"])
        rows(f"{key}output.dense.weight", h)
        cols(f"{key}output.dense.weight", layer["mlp"])
        rows(f"{key}output.dense.bias", h)
        norm(f"{key}output.LayerNorm")
    if kind == "base":
        cols("pooler.dense.weight", h)  # the pooler's output is the model's: it keeps its order
    if kind == "pretraining":
        cols("bert.pooler.dense.weight", h)
        rows("bert.pooler.dense.weight", p["pooler"])
        rows("bert.pooler.dense.bias", p["pooler"])
        cols("cls.seq_relationship.weight", p["pooler"])
        # The decoder is the word-embedding table (columns permuted by `h`): the transform outputs in `h`.
        rows("cls.predictions.transform.dense.weight", h)
        cols("cls.predictions.transform.dense.weight", h)
        rows("cls.predictions.transform.dense.bias", h)
        norm("cls.predictions.transform.LayerNorm")
    if kind == "tokcls":
        cols("classifier.weight", h)
    if kind == "qa":
        cols("qa_outputs.weight", h)
    copy_.tie_weights()
    return copy_


def check_same_function(kind, a, b):
    for key, value in a.items():
        if key.startswith("hidden_states") or key == "last_hidden_state":
            continue  # in the permuted residual stream
        assert torch.allclose(value, b[key], atol=2e-5), (kind, key, (value - b[key]).abs().max())


def main():
    data = inputs()
    save_file({k: v.contiguous() for k, v in data.items()}, HERE / "inputs.safetensors")
    for n, kind in enumerate(KINDS):
        model = model_of(kind, 10 + n)
        model.save_pretrained(HERE / kind)
        expected = outputs(kind, model, data)
        save_file(expected, HERE / f"{kind}-outputs.safetensors")
        permuted = permute(kind, model, permutations(100 + n))
        check_same_function(kind, expected, outputs(kind, permuted, data))
        permuted.save_pretrained(HERE / f"{kind}-perm")
        reloaded = KINDS[kind].from_pretrained(HERE / f"{kind}-perm").eval()
        check_same_function(kind, expected, outputs(kind, reloaded, data))


if __name__ == "__main__":
    main()
