// Shared plumbing of the oneDNN addon (issue #11, docs/compute.md): reading N-API arguments,
// pointers into the caller's heap (the wasm backend's memory, bounds-checked), one oneDNN engine
// and stream per thread, and turning C++ errors into JavaScript exceptions.
#pragma once
#include <node_api.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"

namespace npas {

/** An error the addon reports to JavaScript as a RangeError (bad arguments) or Error. */
struct ArgumentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/** The call's arguments, checked against the count the function expects. */
class Args {
 public:
  Args(napi_env env, napi_callback_info info, size_t expected);
  napi_env env() const { return env_; }
  int64_t integer(size_t i, const char* name) const;
  double number(size_t i, const char* name) const;
  /** A float32 array of `count` elements at byte `offset` into the ArrayBuffer argument 0. */
  float* floats(int64_t offset, int64_t count, const char* name) const;
  /** The Int32Array argument `i`, copied. */
  std::vector<int32_t> ints(size_t i, const char* name) const;

 private:
  napi_env env_;
  napi_value argv_[16];
  size_t argc_;
  uint8_t* heap_ = nullptr;
  size_t heapBytes_ = 0;
};

/** The thread's oneDNN CPU engine and stream (worker threads each get their own). */
dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();

/** Runs `body`, converting C++ exceptions into a pending JavaScript exception. */
template <typename F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const ArgumentError& e) {
    napi_throw_range_error(env, "ERR_NPAS_ONEDNN_ARGUMENT", e.what());
  } catch (const dnnl::error& e) {
    std::string message = std::string("oneDNN: ") + e.what() + " (status " +
                          std::to_string(static_cast<int>(e.status)) + ")";
    napi_throw_error(env, "ERR_NPAS_ONEDNN", message.c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, "ERR_NPAS_ONEDNN", e.what());
  }
  return nullptr;
}

napi_value undefinedValue(napi_env env);

// The kernels, each in its own file.
napi_value Conv2d(napi_env env, napi_callback_info info);
napi_value BatchNormTrain(napi_env env, napi_callback_info info);
napi_value BatchNormGrad(napi_env env, napi_callback_info info);
napi_value Relu(napi_env env, napi_callback_info info);
napi_value ReluGrad(napi_env env, napi_callback_info info);
napi_value Binary(napi_env env, napi_callback_info info);

}  // namespace npas
