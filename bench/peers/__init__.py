"""returnbus against general routing solvers (PyVRP, OR-Tools, VROOM) on whole scenarios: the export (``export``), the solvers (``solvers``) and the run (``run``)."""
