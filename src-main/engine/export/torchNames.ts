// PyTorch names and layouts of a materialised network: the reference WRN's state_dict keys
// (conv_3x3, stage_S.B.{bn1,conv1,bn2,conv2,convShortcut}, lastact.0, classifier), convolutions
// OIHW, linear weights [out, in], batch norms with running statistics and num_batches_tracked,
// so the reference network loads the file with load_state_dict. Other architectures keep the
// engine's own layer names.
import type { Architecture } from '../arch/types';
import { toOihw, transpose2d, type PlainNetwork } from './plainNetwork';
import type { SafeTensor } from './safetensors';

/** The reference module path of a WRN layer or norm name (stage2.block0.shortcut → stage_2.0.convShortcut). */
export function torchModuleName(arch: Architecture, name: string): string {
  if (arch.family !== 'wrn') return name;
  if (name === 'stem') return 'conv_3x3';
  if (name === 'final.bn') return 'lastact.0';
  const block = /^stage(\d+)\.block(\d+)\.(\w+)$/.exec(name);
  if (block) {
    const part = block[3] === 'shortcut' ? 'convShortcut' : block[3];
    return `stage_${block[1]}.${block[2]}.${part}`;
  }
  return name;
}

/** The state_dict tensors of one network, in module order, each name prefixed by `prefix`. */
export function torchStateDict(net: PlainNetwork, prefix = ''): SafeTensor[] {
  const { arch } = net;
  const out: SafeTensor[] = [];
  for (const node of arch.nodes) {
    if (node.op === 'conv' || node.op === 'dense') {
      const layer = arch.layers[node.layer];
      const w = net.layers[node.layer];
      const base = prefix + torchModuleName(arch, layer.name);
      const values =
        layer.kind === 'conv'
          ? toOihw(w.kernel, layer.kernel, layer.inChannels, layer.outChannels)
          : transpose2d(w.kernel, layer.inChannels, layer.outChannels);
      const shape =
        layer.kind === 'conv'
          ? [layer.outChannels, layer.inChannels, layer.kernel, layer.kernel]
          : [layer.outChannels, layer.inChannels];
      out.push({ name: `${base}.weight`, dtype: 'F32', shape, values });
      // A layer the reference builds with a bias gets one even where the method generated none
      // (SSN's shared classifier): zeros, which is what the network computes.
      if (w.bias || layer.bias) {
        const values = w.bias ?? new Float32Array(layer.outChannels);
        out.push({ name: `${base}.bias`, dtype: 'F32', shape: [layer.outChannels], values });
      }
    } else if (node.op === 'batchNorm') {
      const spec = arch.norms[node.norm];
      const n = net.norms[node.norm];
      const base = prefix + torchModuleName(arch, spec.name);
      const shape = [spec.channels];
      out.push({ name: `${base}.weight`, dtype: 'F32', shape, values: n.gamma });
      out.push({ name: `${base}.bias`, dtype: 'F32', shape, values: n.beta });
      out.push({ name: `${base}.running_mean`, dtype: 'F32', shape, values: n.mean });
      out.push({ name: `${base}.running_var`, dtype: 'F32', shape, values: n.variance });
      out.push({ name: `${base}.num_batches_tracked`, dtype: 'I64', shape: [], values: [0] });
    }
  }
  return out;
}
