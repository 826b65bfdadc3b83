using Microcred.Clinical.Export;

namespace Microcred.Clinical.Tests.Export;

public sealed class BufferPoolTests
{
    [Fact]
    public void A_returned_buffer_is_rented_again_empty()
    {
        var pool = new BufferPool(1024);
        var first = pool.Rent();
        first.Write(new byte[1500]);
        first.Dispose();

        var second = pool.Rent();

        Assert.Same(first, second);
        Assert.Equal(0, second.WrittenCount);
        Assert.Equal(2048, second.Capacity);
    }

    [Fact]
    public void A_buffer_grown_past_twice_its_initial_capacity_is_not_kept()
    {
        var pool = new BufferPool(1024);
        var large = pool.Rent();
        large.Write(new byte[5000]);
        large.Dispose();

        var next = pool.Rent();

        Assert.NotSame(large, next);
        Assert.Equal(1024, next.Capacity);
    }
}
