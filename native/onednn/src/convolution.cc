// 2-D convolution forward, input gradient and filter gradient on NHWC activations and HWIO
// filters (tfjs' layouts), by oneDNN. Activations stay in the caller's layout (no copies of the
// large tensors); filters are reordered to whatever layout oneDNN's kernel prefers. A plan (the
// primitive and its reorders) is built once per shape and reused: building one takes milliseconds.
#include <memory>
#include <unordered_map>

#include "common.h"

namespace npas {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

enum Mode { kForward = 0, kInputGrad = 1, kFilterGrad = 2 };

/** The geometry of one convolution, as sent by onednnKernels.ts. */
struct Geometry {
  int mode, n, h, w, c, f, kh, kw, oh, ow, sh, sw, pt, pl, pb, pr, dh, dw;

  explicit Geometry(const std::vector<int32_t>& p) {
    if (p.size() != 18) throw ArgumentError("conv2d geometry must have 18 values, got " +
                                            std::to_string(p.size()));
    int* fields[] = {&mode, &n, &h, &w, &c, &f, &kh, &kw, &oh, &ow,
                     &sh, &sw, &pt, &pl, &pb, &pr, &dh, &dw};
    for (size_t i = 0; i < 18; i++) *fields[i] = p[i];
    if (mode < 0 || mode > 2) throw ArgumentError("conv2d mode must be 0, 1 or 2, got " +
                                                  std::to_string(mode));
    for (size_t i = 1; i < 12; i++) {
      if (p[i] < 1) throw ArgumentError("conv2d geometry value " + std::to_string(i) +
                                        " must be positive, got " + std::to_string(p[i]));
    }
    for (size_t i = 12; i < 18; i++) {
      if (p[i] < 0 || (i >= 16 && p[i] < 1)) {
        throw ArgumentError("conv2d geometry value " + std::to_string(i) + " is out of range: " +
                            std::to_string(p[i]));
      }
    }
  }

  memory::desc src(tag t = tag::nhwc) const { return {{n, c, h, w}, dt::f32, t}; }
  memory::desc dst(tag t = tag::nhwc) const { return {{n, f, oh, ow}, dt::f32, t}; }
  memory::desc weights(tag t) const { return {{f, c, kh, kw}, dt::f32, t}; }
  memory::dims strides() const { return {sh, sw}; }
  memory::dims dilates() const { return {dh - 1, dw - 1}; }
  memory::dims padL() const { return {pt, pl}; }
  memory::dims padR() const { return {pb, pr}; }
  int64_t srcCount() const { return int64_t(n) * h * w * c; }
  int64_t dstCount() const { return int64_t(n) * oh * ow * f; }
  int64_t weightsCount() const { return int64_t(f) * c * kh * kw; }
};

/** A built primitive plus the filter reorder between tfjs' HWIO and the kernel's layout. */
struct Plan {
  dnnl::primitive primitive;
  memory::desc userWeights;
  memory::desc kernelWeights;
  bool reorders = false;
  dnnl::reorder reorder;  // HWIO -> kernel (forward, input grad) or kernel -> HWIO (filter grad)
  memory scratchWeights;  // the filters in the kernel's layout
};

dnnl::convolution_forward::primitive_desc forwardDesc(const Geometry& g) {
  dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training,
                                    dnnl::algorithm::convolution_direct, g.src(),
                                    g.weights(tag::any), g.dst(), g.strides(), g.dilates(),
                                    g.padL(), g.padR());
  return {d, cpuEngine()};
}

std::unique_ptr<Plan> buildPlan(const Geometry& g) {
  auto plan = std::make_unique<Plan>();
  plan->userWeights = g.weights(tag::hwio);
  auto forward = forwardDesc(g);
  if (g.mode == kForward) {
    plan->kernelWeights = forward.weights_desc();
    plan->primitive = dnnl::convolution_forward(forward);
  } else if (g.mode == kInputGrad) {
    dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, g.src(),
                                            g.weights(tag::any), g.dst(), g.strides(),
                                            g.dilates(), g.padL(), g.padR());
    dnnl::convolution_backward_data::primitive_desc pd(d, cpuEngine(), forward);
    plan->kernelWeights = pd.weights_desc();
    plan->primitive = dnnl::convolution_backward_data(pd);
  } else {
    dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct, g.src(),
                                               g.weights(tag::any), g.dst(), g.strides(),
                                               g.dilates(), g.padL(), g.padR());
    dnnl::convolution_backward_weights::primitive_desc pd(d, cpuEngine(), forward);
    plan->kernelWeights = pd.diff_weights_desc();
    plan->primitive = dnnl::convolution_backward_weights(pd);
  }
  plan->reorders = plan->kernelWeights != plan->userWeights;
  if (plan->reorders) {
    plan->scratchWeights = memory(plan->kernelWeights, cpuEngine());
    memory user(plan->userWeights, cpuEngine(), DNNL_MEMORY_NONE);
    plan->reorder = g.mode == kFilterGrad ? dnnl::reorder(plan->scratchWeights, user)
                                          : dnnl::reorder(user, plan->scratchWeights);
  }
  return plan;
}

Plan& planFor(const std::vector<int32_t>& key, const Geometry& g) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Plan>> plans;
  std::string text(reinterpret_cast<const char*>(key.data()), key.size() * sizeof(int32_t));
  auto found = plans.find(text);
  if (found != plans.end()) return *found->second;
  auto& slot = plans[text];
  slot = buildPlan(g);
  return *slot;
}

}  // namespace

/**
 * conv2d(heap, geometry: Int32Array(18), aOffset, bOffset, outOffset). Mode 0: y = conv(x, w)
 * with a = x, b = w; mode 1: dx from a = dy, b = w; mode 2: dw from a = x, b = dy. Offsets are
 * byte offsets into heap; the output is overwritten.
 */
napi_value Conv2d(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 5);
    const auto key = args.ints(1, "geometry");
    const Geometry g(key);
    const int64_t a = args.integer(2, "aOffset");
    const int64_t b = args.integer(3, "bOffset");
    const int64_t out = args.integer(4, "outOffset");
    Plan& plan = planFor(key, g);
    auto& engine = cpuEngine();
    auto& stream = cpuStream();
    if (g.mode == kFilterGrad) {
      memory x(g.src(), engine, args.floats(a, g.srcCount(), "x"));
      memory dy(g.dst(), engine, args.floats(b, g.dstCount(), "dy"));
      memory dw(plan.userWeights, engine, args.floats(out, g.weightsCount(), "dw"));
      memory& target = plan.reorders ? plan.scratchWeights : dw;
      plan.primitive.execute(stream, {{DNNL_ARG_SRC, x},
                                      {DNNL_ARG_DIFF_DST, dy},
                                      {DNNL_ARG_DIFF_WEIGHTS, target}});
      if (plan.reorders) plan.reorder.execute(stream, plan.scratchWeights, dw);
    } else {
      const bool forward = g.mode == kForward;
      memory in(forward ? g.src() : g.dst(), engine,
                args.floats(a, forward ? g.srcCount() : g.dstCount(), forward ? "x" : "dy"));
      memory w(plan.userWeights, engine, args.floats(b, g.weightsCount(), "w"));
      memory result(forward ? g.dst() : g.src(), engine,
                    args.floats(out, forward ? g.dstCount() : g.srcCount(), forward ? "y" : "dx"));
      if (plan.reorders) plan.reorder.execute(stream, w, plan.scratchWeights);
      memory& kernelW = plan.reorders ? plan.scratchWeights : w;
      if (forward) {
        plan.primitive.execute(
            stream, {{DNNL_ARG_SRC, in}, {DNNL_ARG_WEIGHTS, kernelW}, {DNNL_ARG_DST, result}});
      } else {
        plan.primitive.execute(stream, {{DNNL_ARG_DIFF_DST, in},
                                        {DNNL_ARG_WEIGHTS, kernelW},
                                        {DNNL_ARG_DIFF_SRC, result}});
      }
    }
    stream.wait();
    return undefinedValue(env);
  });
}

}  // namespace npas
