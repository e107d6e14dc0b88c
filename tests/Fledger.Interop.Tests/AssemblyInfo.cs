// One Chromium at a time: the machine has two cores and Chromium is CPU-bound.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
