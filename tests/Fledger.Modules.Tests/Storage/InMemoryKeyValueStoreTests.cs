using Fledger.Core.Storage;

namespace Fledger.Modules.Tests.Storage;

public sealed class InMemoryKeyValueStoreTests
{
    [Fact]
    public async Task SetAsync_ThenGet_ReturnsACopyOfTheValue()
    {
        var store = new InMemoryKeyValueStore();
        var value = new byte[] { 1, 2, 3 };
        await store.SetAsync("ns", "key", value);
        value[0] = 9;

        var read = await store.GetAsync("ns", "key");
        read![1] = 7;

        Assert.Equal([1, 2, 3], await store.GetAsync("ns", "key"));
    }

    [Fact]
    public async Task ListKeysAsync_TwoNamespaces_KeepsThemApart()
    {
        var store = new InMemoryKeyValueStore();
        await store.SetStringAsync("a", "k2", "x");
        await store.SetStringAsync("a", "k1", "y");
        await store.SetStringAsync("b", "k3", "z");

        Assert.Equal(["k1", "k2"], await store.ListKeysAsync("a"));
        Assert.Equal("z", await store.GetStringAsync("b", "k3"));
        Assert.Null(await store.GetAsync("b", "k1"));
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndMissing_ReportsWhetherRemoved()
    {
        var store = new InMemoryKeyValueStore();
        await store.SetStringAsync("ns", "k", "v");

        Assert.True(await store.DeleteAsync("ns", "k"));
        Assert.False(await store.DeleteAsync("ns", "k"));
        Assert.Equal(0, store.Count);
    }

    [Theory]
    [InlineData("NS", "key")]
    [InlineData("ns", "bad key")]
    [InlineData("", "key")]
    [InlineData("ns", "")]
    public async Task SetAsync_InvalidName_Throws(string ns, string key)
    {
        var store = new InMemoryKeyValueStore();
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync(ns, key, new byte[1]));
    }

    [Fact]
    public async Task SetAsync_ValueOverLimit_Throws()
    {
        var store = new InMemoryKeyValueStore();
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync("ns", "k", new byte[KeyValueNames.MaxValueBytes + 1]));
    }
}
