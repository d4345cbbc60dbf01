{
  "targets": [
    {
      "target_name": "npas_onednn",
      "sources": [
        "src/addon.cc",
        "src/convolution.cc",
        "src/batchNorm.cc",
        "src/elementwise.cc"
      ],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-fexceptions"],
      "libraries": ["-ldnnl", "-fopenmp"],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "OTHER_CPLUSPLUSFLAGS": ["-std=c++17"] },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1, "OpenMP": "true" } }
    }
  ]
}
