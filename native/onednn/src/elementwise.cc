// The elementwise half of a training step that is big enough to matter (docs/compute.md: about
// half of a wasm step is outside convolutions): ReLU, its gradient, and same-shape add and
// multiply, by oneDNN's eltwise and binary primitives, which pick the CPU's widest vectors at run
// time and use every thread (the wasm kernels they replace use one core and 128-bit SIMD).
#include <memory>
#include <unordered_map>

#include "common.h"

namespace npas {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

memory::desc flat(int64_t count) { return {{count}, dt::f32, tag::x}; }

int64_t countArg(const Args& args, size_t i) {
  const int64_t count = args.integer(i, "count");
  if (count < 1) throw ArgumentError("count must be positive, got " + std::to_string(count));
  return count;
}

/** One cached primitive per (operation, element count). */
template <typename Make>
dnnl::primitive& cached(int op, int64_t count, Make make) {
  thread_local std::unordered_map<std::string, std::unique_ptr<dnnl::primitive>> cache;
  const std::string key = std::to_string(op) + ":" + std::to_string(count);
  auto& slot = cache[key];
  if (!slot) slot.reset(new dnnl::primitive(make()));
  return *slot;
}

enum Op { kRelu = 0, kReluGrad = 1, kAdd = 2, kMultiply = 3 };

}  // namespace

/** relu(heap, count, x, y): y = max(x, 0). */
napi_value Relu(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 4);
    const int64_t n = countArg(args, 1);
    auto& prim = cached(kRelu, n, [&] {
      dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_training,
                                    dnnl::algorithm::eltwise_relu, flat(n), 0.f);
      return dnnl::eltwise_forward(dnnl::eltwise_forward::primitive_desc(d, cpuEngine()));
    });
    auto& engine = cpuEngine();
    memory x(flat(n), engine, args.floats(args.integer(2, "x"), n, "x"));
    memory y(flat(n), engine, args.floats(args.integer(3, "y"), n, "y"));
    prim.execute(cpuStream(), {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, y}});
    cpuStream().wait();
    return undefinedValue(env);
  });
}

/** reluGrad(heap, count, x, dy, dx): dx = dy where x > 0, else 0. */
napi_value ReluGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 5);
    const int64_t n = countArg(args, 1);
    auto& prim = cached(kReluGrad, n, [&] {
      dnnl::eltwise_forward::desc fd(dnnl::prop_kind::forward_training,
                                     dnnl::algorithm::eltwise_relu, flat(n), 0.f);
      dnnl::eltwise_forward::primitive_desc hint(fd, cpuEngine());
      dnnl::eltwise_backward::desc d(dnnl::algorithm::eltwise_relu, flat(n), flat(n), 0.f);
      return dnnl::eltwise_backward(
          dnnl::eltwise_backward::primitive_desc(d, cpuEngine(), hint));
    });
    auto& engine = cpuEngine();
    memory x(flat(n), engine, args.floats(args.integer(2, "x"), n, "x"));
    memory dy(flat(n), engine, args.floats(args.integer(3, "dy"), n, "dy"));
    memory dx(flat(n), engine, args.floats(args.integer(4, "dx"), n, "dx"));
    prim.execute(cpuStream(), {{DNNL_ARG_SRC, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_DIFF_SRC, dx}});
    cpuStream().wait();
    return undefinedValue(env);
  });
}

/** binary(heap, op, count, a, b, out): out = a + b (op 0) or a · b (op 1), same shapes. */
napi_value Binary(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args args(env, info, 6);
    const int64_t op = args.integer(1, "op");
    if (op != 0 && op != 1) throw ArgumentError("binary op must be 0 (add) or 1 (multiply), got " +
                                                std::to_string(op));
    const int64_t n = countArg(args, 2);
    auto& prim = cached(op == 0 ? kAdd : kMultiply, n, [&] {
      dnnl::binary::desc d(op == 0 ? dnnl::algorithm::binary_add : dnnl::algorithm::binary_mul,
                           flat(n), flat(n), flat(n));
      return dnnl::binary(dnnl::binary::primitive_desc(d, cpuEngine()));
    });
    auto& engine = cpuEngine();
    memory a(flat(n), engine, args.floats(args.integer(3, "a"), n, "a"));
    memory b(flat(n), engine, args.floats(args.integer(4, "b"), n, "b"));
    memory out(flat(n), engine, args.floats(args.integer(5, "out"), n, "out"));
    prim.execute(cpuStream(), {{DNNL_ARG_SRC_0, a}, {DNNL_ARG_SRC_1, b}, {DNNL_ARG_DST, out}});
    cpuStream().wait();
    return undefinedValue(env);
  });
}

}  // namespace npas
