using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Fledger.WebRtc.Tests")]
[assembly: InternalsVisibleTo("Fledger.Benchmarks")]
