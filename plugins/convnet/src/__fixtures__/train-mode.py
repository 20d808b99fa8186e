"""Writes train-mode-<variant>.safetensors: PyTorch's train-mode forward of resnet-tiny.

For each golden variant, one forward pass in `model.train()` on the golden inputs: the logits,
every BatchNorm buffer after the pass (momentum 0.1), and the gradient of the mean
cross-entropy with respect to every trained parameter. Run from this folder with a Python
that has torch, transformers and safetensors:

    python train-mode.py ../../../../../shared/golden/resnet-tiny
"""
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from transformers import ResNetForImageClassification

golden = Path(sys.argv[1])
inputs = load_file(golden / "inputs.safetensors")
for variant in ("basic", "bottleneck"):
    model = ResNetForImageClassification.from_pretrained(golden / variant)
    model.train()
    logits = model(pixel_values=inputs["pixel_values"]).logits
    loss = torch.nn.functional.cross_entropy(logits, inputs["labels"])
    loss.backward()
    out = {"logits": logits.detach().contiguous(), "loss": loss.detach().reshape([])}
    for name, buffer in model.state_dict().items():
        if name.endswith(("running_mean", "running_var", "num_batches_tracked")):
            out[f"buffer.{name}"] = buffer.detach().clone().contiguous()
    for name, parameter in model.named_parameters():
        out[f"grad.{name}"] = parameter.grad.detach().contiguous()
    save_file(out, f"train-mode-{variant}.safetensors")
