using Helr.Kernel.Cli;
using Xunit;

namespace Helr.Kernel.Tests.Cli;

/// <summary>`helr validate` names the sources it loaded, but only the first few: a config of a thousand sources gets one readable line.</summary>
public sealed class ValidateSummaryTests
{
    private static List<(string, string)> Sources(int n) => Enumerable.Range(0, n).Select(i => ($"s{i}", i % 2 == 0 ? "generic" : "okta")).ToList();

    [Fact]
    public void One_source_is_named_with_its_type() =>
        Assert.Equal("1 source (s0 [generic])", ValidateCommand.Summary(Sources(1)));

    // The .deb's shipped config has none, and its documented `helr validate` printed "0 sources ()".
    [Fact]
    public void No_source_is_said_without_an_empty_list() =>
        Assert.Equal("0 sources", ValidateCommand.Summary(Sources(0)));

    [Fact]
    public void Up_to_the_limit_every_source_is_named()
    {
        var summary = ValidateCommand.Summary(Sources(ValidateCommand.Listed));
        Assert.Equal($"{ValidateCommand.Listed} sources (", summary[..(summary.IndexOf('(') + 1)]);
        Assert.Contains($"s{ValidateCommand.Listed - 1} [okta])", summary);
        Assert.DoesNotContain("more", summary);
    }

    [Fact]
    public void Past_the_limit_the_rest_is_counted()
    {
        var summary = ValidateCommand.Summary(Sources(1000));
        Assert.StartsWith("1000 sources (s0 [generic], s1 [okta], ", summary);
        Assert.EndsWith($"s{ValidateCommand.Listed - 1} [okta] and {1000 - ValidateCommand.Listed} more)", summary);
        Assert.DoesNotContain($"s{ValidateCommand.Listed} ", summary);
    }
}
