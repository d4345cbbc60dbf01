import { describe, expect, it } from 'vitest';
import {
  diagnoseCuda,
  explainCudaError,
  missingCudaLibraries,
} from '../../../../src-main/engine/backend/cudaDiagnosis';

/** The loader's real message for a library this machine lacks (no CUDA is installed here). */
function dlopenError(file: string): string {
  try {
    process.dlopen({ exports: {} }, file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} opened: this test expects a machine without CUDA`);
}

describe('CUDA rung diagnosis', () => {
  it('names libcudart.so.11.0 and the CUDA 11.2 runtime from the dynamic loader’s error', () => {
    const message = dlopenError('libcudart.so.11.0');
    expect(message).toContain('cannot open shared object file');
    expect(explainCudaError(message)).toBe(
      'missing libcudart.so.11.0: install the CUDA 11.2 runtime (cuda-cudart-11-2; CUDA 12 does ' +
        'not provide libcudart.so.11.0), its lib64 on LD_LIBRARY_PATH',
    );
  });

  it('names cuDNN 8 and an old driver, and nothing for an unrelated error', () => {
    expect(explainCudaError(dlopenError('libcudnn.so.8'))).toBe(
      'missing libcudnn.so.8: install cuDNN 8.1 for CUDA 11.2 (libcudnn8)',
    );
    expect(
      explainCudaError('CUDA driver version is insufficient for CUDA runtime version'),
    ).toMatch(/driver is too old .* 450\.80/);
    expect(explainCudaError('Illegal instruction')).toBeNull();
  });

  it('asks the dynamic loader which CUDA libraries are missing here', () => {
    expect(missingCudaLibraries()).toEqual([
      'libcuda.so.1',
      'libcudart.so.11.0',
      'libcublas.so.11',
      'libcudnn.so.8',
    ]);
    // A library that opens (and is no Node addon) counts as present.
    const onlyDriver = (file: string) => {
      throw new Error(
        file === 'libcuda.so.1'
          ? "Module did not self-register: 'libcuda.so.1'."
          : `${file}: cannot open shared object file: No such file or directory`,
      );
    };
    expect(missingCudaLibraries(onlyDriver)).not.toContain('libcuda.so.1');
    expect(missingCudaLibraries(onlyDriver, 'win32')).toEqual([]);
  });

  it('puts the missing libraries into one doctor line', () => {
    expect(diagnoseCuda(null, ['libcuda.so.1', 'libcudnn.so.8'])).toBe(
      'missing libcuda.so.1: install the NVIDIA driver (450.80 or newer; `nvidia-smi` shows its ' +
        'version); missing libcudnn.so.8: install cuDNN 8.1 for CUDA 11.2 (libcudnn8)',
    );
    expect(diagnoseCuda('libcudart.so.11.0: cannot open shared object file', [])).toMatch(
      /^missing libcudart\.so\.11\.0/,
    );
    expect(diagnoseCuda(null, [])).toBeNull();
  });
});
