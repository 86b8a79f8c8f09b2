"""The ``ikg`` command line: ``main`` builds the app from each area's ``register``; one module per
command group. ingest/'s commands come in through the ``ikg.commands`` entry points."""
