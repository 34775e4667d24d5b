"""What the tests and the benchmarks share: databases on disk, a live server, the ``maillage``
command, Chromium, generated data sets and hostile names. Never a test module of its own."""
