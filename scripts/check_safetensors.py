# Loads an `npas export --format safetensors` file of a WRN into a PyTorch WRN whose module names
# are the SSN/SuperWeights reference's (conv_3x3, stage_S.B.{bn1,conv1,bn2,conv2,convShortcut},
# lastact.0, classifier) with load_state_dict(strict=True), and compares its logits with the
# engine's (torch-check.json written by scripts/export-report.ts).
# Usage: python3 scripts/check_safetensors.py OUT_DIR/model.safetensors OUT_DIR/torch-check.json
import json
import struct
import sys

import numpy as np
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.convShortcut = None if cin == cout else nn.Conv2d(cin, cout, 1, stride, 0, bias=False)

    def forward(self, x):
        a = torch.relu(self.bn1(x))
        h = self.conv2(torch.relu(self.bn2(self.conv1(a))))
        return h + (x if self.convShortcut is None else self.convShortcut(a))


class WRN(nn.Module):
    def __init__(self, depth, widen, classes, channels=3):
        super().__init__()
        n = (depth - 4) // 6
        widths = [16, 16 * widen, 32 * widen, 64 * widen]
        self.conv_3x3 = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        for s in range(3):
            blocks = [Block(widths[s] if b == 0 else widths[s + 1], widths[s + 1], 2 if s > 0 and b == 0 else 1) for b in range(n)]
            setattr(self, f"stage_{s + 1}", nn.Sequential(*blocks))
        self.lastact = nn.Sequential(nn.BatchNorm2d(widths[3]), nn.ReLU())
        self.classifier = nn.Linear(widths[3], classes)

    def forward(self, x):
        x = self.stage_3(self.stage_2(self.stage_1(self.conv_3x3(x))))
        return self.classifier(self.lastact(x).mean((2, 3)))


def read_safetensors(path):
    data = open(path, "rb").read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    header.pop("__metadata__", None)
    base = 8 + length
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        array = np.frombuffer(data[base + start : base + end], dtype=dtypes[info["dtype"]])
        out[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
    return out


state = read_safetensors(sys.argv[1])
check = json.load(open(sys.argv[2]))
model = WRN(check["depth"], check["widen"], check["classes"], check["shape"][1])
model.load_state_dict(state, strict=True)
model.eval()
x = torch.tensor(check["input"], dtype=torch.float32).reshape(check["shape"])
with torch.no_grad():
    logits = model(x).numpy()
ref = np.array(check["logits"], dtype=np.float32).reshape(logits.shape)
rel = np.abs(logits - ref).max() / np.abs(ref).max()
same_top1 = bool((logits.argmax(1) == ref.argmax(1)).all())
print(json.dumps({"torch": torch.__version__, "strict_load": True, "max_relative_difference": float(rel), "same_top1": same_top1}))
