{
  "targets": [
    {
      "target_name": "loupe_image",
      "sources": ["loupe_image.c"],
      "cflags": ["-O3", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-clobbered"],
      "libraries": ["-ljpeg"]
    }
  ]
}
