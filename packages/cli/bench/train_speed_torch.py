"""PyTorch's side of train-speed.bench.ts: the same ViT and steps with transformers, 2 threads.

Usage: python3 train_speed_torch.py BATCH TIMED_FROM_STEP STEPS; prints one JSON line.
"""
import json
import resource
import sys
import time

import torch
from transformers import ViTConfig, ViTForImageClassification

batch, timed_from, steps = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(2)
torch.manual_seed(1)
config = ViTConfig(hidden_size=384, num_hidden_layers=7, num_attention_heads=12, intermediate_size=1536,
                   image_size=32, patch_size=4, num_channels=3, num_labels=10)
model = ViTForImageClassification(config).train()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
x = torch.randn(batch, 3, 32, 32)
y = torch.arange(batch) % 10
at = {}
start = time.perf_counter()
for step in range(1, steps + 1):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(pixel_values=x).logits, y)
    loss.backward()
    optimizer.step()
    at[step] = time.perf_counter() - start
seconds = at[steps] - at[timed_from]
print(json.dumps({
    "perSecond": (steps - timed_from) * batch / seconds,
    "engine": f"torch {torch.__version__}, 2 threads",
    "maxRssGiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2,
}))
