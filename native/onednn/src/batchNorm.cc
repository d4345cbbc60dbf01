// Training-mode batch normalisation and its gradient over NHWC activations (or [rows, C]), by
// oneDNN: the batch mean and biased variance come out of the forward pass, as PyTorch's
// training mode computes them (src-main/engine/nn/batchNorm.ts has the same maths in tf ops).
#include <cstring>
#include <memory>
#include <unordered_map>

#include "common.h"

namespace npas {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

const auto kFlags = dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift;

struct Shape {
  int n, h, w, c;
  float epsilon;
  Shape(const std::vector<int32_t>& dims, double eps) {
    if (dims.size() != 4) throw ArgumentError("batch-norm dims must be [n, h, w, c], got " +
                                              std::to_string(dims.size()) + " values");
    for (int32_t d : dims) {
      if (d < 1) throw ArgumentError("batch-norm dims must be positive, got " + std::to_string(d));
    }
    if (!(eps > 0)) throw ArgumentError("batch-norm epsilon must be positive");
    n = dims[0], h = dims[1], w = dims[2], c = dims[3];
    epsilon = static_cast<float>(eps);
  }
  memory::desc data() const { return {{n, c, h, w}, dt::f32, tag::nhwc}; }
  memory::desc channel() const { return {{c}, dt::f32, tag::x}; }
  int64_t count() const { return int64_t(n) * h * w * c; }
  std::string key() const {
    std::string k(sizeof(int) * 4 + sizeof(float), '\0');
    int v[4] = {n, h, w, c};
    std::memcpy(&k[0], v, sizeof v);
    std::memcpy(&k[sizeof v], &epsilon, sizeof epsilon);
    return k;
  }
};

struct Plans {
  dnnl::batch_normalization_forward::primitive_desc forwardDesc;
  dnnl::batch_normalization_forward forward;
  std::unique_ptr<dnnl::batch_normalization_backward> backward;
};

Plans& plansFor(const Shape& s, bool needBackward) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Plans>> cache;
  auto& slot = cache[s.key()];
  if (!slot) {
    dnnl::batch_normalization_forward::desc d(dnnl::prop_kind::forward_training, s.data(),
                                              s.epsilon, kFlags);
    dnnl::batch_normalization_forward::primitive_desc pd(d, cpuEngine());
    slot.reset(new Plans{pd, dnnl::batch_normalization_forward(pd), nullptr});
  }
  if (needBackward && !slot->backward) {
    dnnl::batch_normalization_backward::desc d(dnnl::prop_kind::backward, s.data(), s.data(),
                                               s.epsilon, kFlags);
    dnnl::batch_normalization_backward::primitive_desc pd(d, cpuEngine(), slot->forwardDesc);
    slot->backward.reset(new dnnl::batch_normalization_backward(pd));
  }
  return *slot;
}

}  // namespace

/**
 * batchNormTrain(heap, dims [n,h,w,c], x, gamma, beta, y, mean, variance, epsilon): writes y and
 * the batch mean and biased variance. Arguments 2-7 are byte offsets into heap.
 */
napi_value BatchNormTrain(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 9);
    const Shape s(args.ints(1, "dims"), args.number(8, "epsilon"));
    Plans& plans = plansFor(s, false);
    auto& engine = cpuEngine();
    auto ch = [&](size_t i, const char* name) {
      return memory(s.channel(), engine, args.floats(args.integer(i, name), s.c, name));
    };
    memory x(s.data(), engine, args.floats(args.integer(2, "x"), s.count(), "x"));
    memory y(s.data(), engine, args.floats(args.integer(5, "y"), s.count(), "y"));
    plans.forward.execute(cpuStream(), {{DNNL_ARG_SRC, x},
                                        {DNNL_ARG_SCALE, ch(3, "gamma")},
                                        {DNNL_ARG_SHIFT, ch(4, "beta")},
                                        {DNNL_ARG_DST, y},
                                        {DNNL_ARG_MEAN, ch(6, "mean")},
                                        {DNNL_ARG_VARIANCE, ch(7, "variance")}});
    cpuStream().wait();
    return undefinedValue(env);
  });
}

/**
 * batchNormGrad(heap, dims, x, dy, gamma, mean, variance, dx, dGamma, dBeta, epsilon): the
 * gradients of batchNormTrain's y with respect to x, gamma and beta.
 */
napi_value BatchNormGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 11);
    const Shape s(args.ints(1, "dims"), args.number(10, "epsilon"));
    Plans& plans = plansFor(s, true);
    auto& engine = cpuEngine();
    auto data = [&](size_t i, const char* name) {
      return memory(s.data(), engine, args.floats(args.integer(i, name), s.count(), name));
    };
    auto ch = [&](size_t i, const char* name) {
      return memory(s.channel(), engine, args.floats(args.integer(i, name), s.c, name));
    };
    plans.backward->execute(cpuStream(), {{DNNL_ARG_SRC, data(2, "x")},
                                          {DNNL_ARG_DIFF_DST, data(3, "dy")},
                                          {DNNL_ARG_SCALE, ch(4, "gamma")},
                                          // oneDNN 2.6 insists on a shift argument here though
                                          // no gradient depends on it; gamma has its shape.
                                          {DNNL_ARG_SHIFT, ch(4, "gamma")},
                                          {DNNL_ARG_MEAN, ch(5, "mean")},
                                          {DNNL_ARG_VARIANCE, ch(6, "variance")},
                                          {DNNL_ARG_DIFF_SRC, data(7, "dx")},
                                          {DNNL_ARG_DIFF_SCALE, ch(8, "dGamma")},
                                          {DNNL_ARG_DIFF_SHIFT, ch(9, "dBeta")}});
    cpuStream().wait();
    return undefinedValue(env);
  });
}

}  // namespace npas
