// The fault tests each run many nodes on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
