"""Writes PyTorch checkpoints laid out as hub checkpoints of GPT-2 and Llama are, for the
run's `hub-checkpoints.spec.ts`. Each holds the weights of a decoder-tiny golden model
(`testdata/golden/decoder-tiny`), which the spec compares them with:

- `gpt2-old-keys/`: `gpt2/` as the hub's old `pytorch_model.bin` files store GPT-2: `GPT2Model`'s
  tensors without the `transformer.` prefix (`wte.weight`, `h.0.attn.c_attn.weight`, …), the causal
  mask buffers transformers 4 stored (`h.<i>.attn.bias`, `h.<i>.attn.masked_bias`), and
  `lm_head.weight`, which shares `wte.weight`'s storage (the tie);
- `gpt2-untied-head/`: the same, with an `lm_head.weight` of its own that differs from `wte.weight`;
- `llama-tied/`: `llama/` with `tie_word_embeddings` true (`lm_head.weight` stored, sharing
  `model.embed_tokens.weight`'s storage) and the `self_attn.rotary_emb.inv_freq` buffers older
  transformers stored in every layer.

Nothing here is written by otfuse: each `pytorch_model.bin` is `torch.save(state_dict)` (transformers 5
writes safetensors only), each `config.json` is `save_pretrained`'s. The script checks that
transformers' own `from_pretrained` reads the loadable ones to the source model's logits. Run from
this folder with a Python that has torch 2.13 and transformers 5.18:

    python make-fixtures.py

The tests never run this script; they read what it wrote.
"""
from pathlib import Path

import torch
from transformers import GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parents[5] / "testdata" / "golden" / "decoder-tiny"
IDS = torch.arange(24).reshape(2, 12) % 96


def logits(model):
    with torch.no_grad():
        return model(input_ids=IDS).logits


def save(model, folder, state):
    folder = HERE / folder
    folder.mkdir(exist_ok=True)
    model.config.save_pretrained(folder)
    torch.save(state, folder / "pytorch_model.bin")
    return folder


def check_loads(cls, folder, expected):
    loaded = cls.from_pretrained(folder, attn_implementation="eager").eval()
    assert torch.allclose(logits(loaded), expected, atol=1e-6), f"transformers reads {folder.name} to other logits"


gpt2 = GPT2LMHeadModel.from_pretrained(GOLDEN / "gpt2", attn_implementation="eager").eval()
state = gpt2.state_dict()
assert state["lm_head.weight"].data_ptr() == state["transformer.wte.weight"].data_ptr()
positions = gpt2.config.n_positions
old = {}
for name, tensor in state.items():
    old[name.removeprefix("transformer.")] = tensor
    if name.endswith(".attn.c_attn.weight"):
        block = name.removeprefix("transformer.").removesuffix(".c_attn.weight")
        old[f"{block}.bias"] = torch.tril(torch.ones(positions, positions, dtype=torch.bool)).view(1, 1, positions, positions)
        old[f"{block}.masked_bias"] = torch.tensor(-1e4)
check_loads(GPT2LMHeadModel, save(gpt2, "gpt2-old-keys", old), logits(gpt2))
save(gpt2, "gpt2-untied-head", {**old, "lm_head.weight": old["wte.weight"].clone() + 0.5})

config = LlamaConfig.from_pretrained(GOLDEN / "llama")
config.tie_word_embeddings = True
llama = LlamaForCausalLM(config).eval()
source = LlamaForCausalLM.from_pretrained(GOLDEN / "llama").state_dict()
missing, unexpected = llama.load_state_dict({k: v for k, v in source.items() if k != "lm_head.weight"}, strict=False)
assert unexpected == [] and all(k == "lm_head.weight" for k in missing), (missing, unexpected)
state = llama.state_dict()
assert state["lm_head.weight"].data_ptr() == state["model.embed_tokens.weight"].data_ptr()
head_dim = config.head_dim
inv_freq = 1.0 / (config.rope_parameters["rope_theta"] ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
with_buffers = dict(state)
for i in range(config.num_hidden_layers):
    with_buffers[f"model.layers.{i}.self_attn.rotary_emb.inv_freq"] = inv_freq
check_loads(LlamaForCausalLM, save(llama, "llama-tied", with_buffers), logits(llama))
