"""Scale-out on Dask (issue 18): the same engine functions, run on the
workers of a ``dask.distributed`` cluster — a LocalCluster on this
machine's cores or a scheduler elsewhere. Optional: without dask
everything runs in-process and the parameter says how to install it."""
