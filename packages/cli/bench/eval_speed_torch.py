"""PyTorch's side of eval-speed.bench.ts: the same model, batches and timing, 2 threads, no grad.

Usage: python3 eval_speed_torch.py CASE BATCH BATCHES; prints one JSON line.
"""
import json
import resource
import sys
import time

import torch
from transformers import BertConfig, BertForMaskedLM, ViTConfig, ViTForImageClassification

name, batch, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(2)
torch.manual_seed(1)
if name == "bert-base-mlm":
    model = BertForMaskedLM(BertConfig())
    inputs = [{"input_ids": torch.randint(0, 30522, (batch, 128)), "attention_mask": torch.ones(batch, 128, dtype=torch.long)} for _ in range(batches)]
    labels = [torch.where(torch.rand(batch, 128) < 0.15, torch.randint(0, 30522, (batch, 128)), -100) for _ in range(batches)]
else:
    model = ViTForImageClassification(ViTConfig(num_labels=1000))
    inputs = [{"pixel_values": torch.randn(batch, 3, 224, 224)} for _ in range(batches)]
    labels = [torch.arange(batch) % 1000 for _ in range(batches)]
model.eval()


def score(i):
    logits = model(**inputs[i]).logits
    flat = logits.reshape(-1, logits.shape[-1])
    target = labels[i].reshape(-1)
    loss = torch.nn.functional.cross_entropy(flat, target, ignore_index=-100, reduction="sum")
    hits = ((flat.argmax(-1) == target) & (target != -100)).sum()
    return loss.item(), hits.item()


with torch.no_grad():
    score(0)  # warm-up, as otfuse's first batch compiles
    start = time.perf_counter()
    for i in range(batches):
        score(i)
    seconds = time.perf_counter() - start
print(json.dumps({
    "perSecond": batch * batches / seconds,
    "engine": f"torch {torch.__version__}, 2 threads",
    "maxRssGiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2,
}))
