// Says why the CUDA rung (@tensorflow/tfjs-node-gpu) cannot run here (issue 10): its libtensorflow
// needs exactly CUDA 11.2 and cuDNN 8.1, and the usual failure is a dlopen error such as
// "libcudart.so.11.0: cannot open shared object file" on a machine with CUDA 12. `npas doctor`
// names each missing library and what to install, instead of TensorFlow's raw message.

/** The shared libraries libtensorflow 2.9 (tfjs-node-gpu 4.x) opens, and what provides them. */
export const CUDA_LIBRARIES = [
  {
    file: 'libcuda.so.1',
    install: 'the NVIDIA driver (450.80 or newer; `nvidia-smi` shows its version)',
  },
  {
    file: 'libcudart.so.11.0',
    install:
      'the CUDA 11.2 runtime (cuda-cudart-11-2; CUDA 12 does not provide libcudart.so.11.0), its lib64 on LD_LIBRARY_PATH',
  },
  { file: 'libcublas.so.11', install: 'cuBLAS for CUDA 11 (libcublas-11-2)' },
  { file: 'libcudnn.so.8', install: 'cuDNN 8.1 for CUDA 11.2 (libcudnn8)' },
] as const;

const LIBRARY =
  /lib(?:cuda|cudart|cublas|cublasLt|cudnn|cufft|curand|cusolver|cusparse)\.so(?:\.[\d.]+)?/g;

/** What to install for each CUDA library named in `message` (a dlopen or TensorFlow error). */
export function explainCudaError(message: string): string | null {
  const parts: string[] = [];
  for (const file of new Set(message.match(LIBRARY) ?? [])) {
    const known = CUDA_LIBRARIES.find((l) => l.file === file);
    parts.push(`missing ${file}: install ${known ? known.install : 'CUDA 11.2 and cuDNN 8.1'}`);
  }
  if (/driver version is insufficient|CUDA_ERROR_NO_DEVICE|no CUDA-capable device/i.test(message)) {
    parts.push('the NVIDIA driver is too old or sees no GPU: install driver 450.80 or newer');
  }
  return parts.length ? parts.join('; ') : null;
}

/**
 * The CUDA libraries the dynamic loader cannot find, tried with the loader's own search path
 * (LD_LIBRARY_PATH, ldconfig). A library that opens but is no Node addon ("did not
 * self-register") is present. Linux only: elsewhere the names differ, and [] is returned.
 */
export function missingCudaLibraries(
  open: (file: string) => void = (file) => process.dlopen({ exports: {} }, file),
  platform: NodeJS.Platform = process.platform,
): string[] {
  if (platform !== 'linux') return [];
  return CUDA_LIBRARIES.filter(({ file }) => {
    try {
      open(file);
      return false;
    } catch (error) {
      return /cannot open shared object file/.test((error as Error).message);
    }
  }).map((l) => l.file);
}

/** One line for doctor: the missing libraries and what to install, or null when none is. */
export function diagnoseCuda(loadError: string | null, missing: string[]): string | null {
  const named = missing.length
    ? explainCudaError(missing.join(' '))
    : loadError
      ? explainCudaError(loadError)
      : null;
  return named;
}
