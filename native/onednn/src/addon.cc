// Entry point of the oneDNN addon (issue #11): convolution forward and both gradients and
// training-mode batch norm with its gradient, ReLU and its gradient and same-shape add and
// multiply, computed by oneDNN (the library PyTorch uses on the
// CPU) directly in the wasm backend's heap, threaded by OpenMP. Registered as tfjs kernels by
// src-main/engine/backend/onednnKernels.ts; exports info() and setThreads() besides the kernels.
#include <omp.h>

#include "common.h"

namespace npas {

Args::Args(napi_env env, napi_callback_info info, size_t expected) : env_(env), argc_(16) {
  napi_get_cb_info(env, info, &argc_, argv_, nullptr, nullptr);
  if (argc_ < expected) {
    throw ArgumentError("expected " + std::to_string(expected) + " arguments, got " +
                        std::to_string(argc_));
  }
  bool isBuffer = false;
  napi_is_arraybuffer(env, argv_[0], &isBuffer);
  if (isBuffer) {
    void* data = nullptr;
    napi_get_arraybuffer_info(env, argv_[0], &data, &heapBytes_);
    heap_ = static_cast<uint8_t*>(data);
  }
}

int64_t Args::integer(size_t i, const char* name) const {
  int64_t value = 0;
  if (i >= argc_ || napi_get_value_int64(env_, argv_[i], &value) != napi_ok) {
    throw ArgumentError(std::string(name) + " must be an integer");
  }
  return value;
}

double Args::number(size_t i, const char* name) const {
  double value = 0;
  if (i >= argc_ || napi_get_value_double(env_, argv_[i], &value) != napi_ok) {
    throw ArgumentError(std::string(name) + " must be a number");
  }
  return value;
}

float* Args::floats(int64_t offset, int64_t count, const char* name) const {
  if (heap_ == nullptr) throw ArgumentError("argument 0 must be an ArrayBuffer (the heap)");
  const int64_t bytes = count * 4;
  if (offset < 0 || count < 0 || offset % 4 != 0 ||
      static_cast<uint64_t>(offset + bytes) > heapBytes_) {
    throw ArgumentError(std::string(name) + ": " + std::to_string(count) +
                        " floats at byte offset " + std::to_string(offset) +
                        " do not fit an aligned heap of " + std::to_string(heapBytes_) +
                        " bytes");
  }
  return reinterpret_cast<float*>(heap_ + offset);
}

std::vector<int32_t> Args::ints(size_t i, const char* name) const {
  bool isTyped = false;
  if (i < argc_) napi_is_typedarray(env_, argv_[i], &isTyped);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (!isTyped ||
      napi_get_typedarray_info(env_, argv_[i], &type, &length, &data, nullptr, nullptr) !=
          napi_ok ||
      type != napi_int32_array) {
    throw ArgumentError(std::string(name) + " must be an Int32Array");
  }
  const int32_t* values = static_cast<const int32_t*>(data);
  return std::vector<int32_t>(values, values + length);
}

dnnl::engine& cpuEngine() {
  thread_local dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpuStream() {
  thread_local dnnl::stream stream(cpuEngine());
  return stream;
}

napi_value undefinedValue(napi_env env) {
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

static const char* isaName(dnnl::cpu_isa isa) {
  switch (isa) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "other";
  }
}

static void setProperty(napi_env env, napi_value object, const char* key, napi_value value) {
  napi_set_named_property(env, object, key, value);
}

/** info(): { version, isa, threads, cores } of this thread's oneDNN. */
static napi_value Info(napi_env env, napi_callback_info) {
  return guarded(env, [&] {
    const dnnl_version_t* v = dnnl_version();
    std::string version = std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                          std::to_string(v->patch);
    napi_value result, text, isa, threads, cores;
    napi_create_object(env, &result);
    napi_create_string_utf8(env, version.c_str(), NAPI_AUTO_LENGTH, &text);
    napi_create_string_utf8(env, isaName(dnnl::get_effective_cpu_isa()), NAPI_AUTO_LENGTH, &isa);
    napi_create_int32(env, omp_get_max_threads(), &threads);
    napi_create_int32(env, omp_get_num_procs(), &cores);
    setProperty(env, result, "version", text);
    setProperty(env, result, "isa", isa);
    setProperty(env, result, "threads", threads);
    setProperty(env, result, "cores", cores);
    return result;
  });
}

/** setThreads(n): the OpenMP team size for this thread's later kernels. */
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 1);
    const int64_t n = args.integer(0, "threads");
    if (n < 1 || n > 1024) throw ArgumentError("threads must be 1 to 1024, got " + std::to_string(n));
    omp_set_num_threads(static_cast<int>(n));
    return undefinedValue(env);
  });
}

}  // namespace npas

// Writable, like a JavaScript module's exports (tests wrap them to count calls).
NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"info", nullptr, npas::Info, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},
      {"setThreads", nullptr, npas::SetThreads, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},
      {"conv2d", nullptr, npas::Conv2d, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},
      {"batchNormTrain", nullptr, npas::BatchNormTrain, nullptr, nullptr, nullptr, napi_default_jsproperty,
       nullptr},
      {"batchNormGrad", nullptr, npas::BatchNormGrad, nullptr, nullptr, nullptr, napi_default_jsproperty,
       nullptr},
      {"relu", nullptr, npas::Relu, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},
      {"reluGrad", nullptr, npas::ReluGrad, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},
      {"binary", nullptr, npas::Binary, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}
