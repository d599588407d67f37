using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.Plugins.Generic;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

/// <summary>The choices behind the hints that the end-to-end config cases do not pin down one by one.</summary>
public sealed class ConfigHintsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-hints-").FullName;
    private readonly TestEnvironment _env = new();
    private readonly SourceTypeRegistry _registry = new(PluginCatalog.FromPlugins("test",
        new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<string> Errors(string yaml)
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllText(path, yaml);
        return ConfigLoader.Load(path, _registry, _env).Problems.Errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void A_key_valid_in_several_blocks_joins_the_block_its_neighbours_point_to()
    {
        // enabled alone could be circuit_breaker's or nothing of resilience; failure_threshold decides.
        var errors = Errors("""
            sources:
              s:
                url: https://example.com/logs
                resilience:
                  enabled: true
                  failure_threshold: 3
            """);
        Assert.Equal(new[] { "sources.s.resilience.circuit_breaker: looks mis-indented: enabled and failure_threshold sit directly under sources.s.resilience; indent them under circuit_breaker:" }, errors);
    }

    [Fact]
    public void A_value_written_where_a_misplaced_key_belongs_keeps_its_own_error()
    {
        var errors = Errors("""
            sources:
              s:
                url: https://example.com/logs
                max_pages: 3
                pagination:
                  strategy: link_header
                  max_pages: many
            """);
        Assert.Contains("sources.s.pagination.max_pages: expected a whole number, found 'many'", errors);
        Assert.Contains("sources.s.max_pages: not a key here; max_pages belongs under pagination: (sources.s.pagination.max_pages)", errors);
    }

    [Fact]
    public void A_key_in_several_blocks_below_names_them_all()
    {
        var errors = Errors("""
            global:
              enabled: true
            sources:
              s:
                url: https://example.com/logs
            """);
        Assert.Equal(new[] { "global.enabled: not a key here; enabled belongs under one of: api:, audit:, backpressure:, hooks:, metrics:" }, errors);
    }

    [Fact]
    public void A_misspelt_key_that_exists_nowhere_keeps_the_spelling_guess()
    {
        var errors = Errors("""
            sources:
              s:
                url: https://example.com/logs
                paginaton: { strategy: link_header }
            """);
        Assert.Equal(new[] { "sources.s.paginaton: unknown key; did you mean 'pagination'?" }, errors);
    }

    [Fact]
    public void An_unset_variable_still_hides_what_its_empty_value_then_fails()
    {
        var errors = Errors("""
            sources:
              s:
                url: https://example.com/logs
                pagination: { strategy: link_header, max_pages: "${HINTS_UNSET_PAGES}" }
            """);
        Assert.Equal(new[] { "sources.s.pagination.max_pages: environment variable HINTS_UNSET_PAGES is not set (referenced as ${HINTS_UNSET_PAGES}); set it or use ${HINTS_UNSET_PAGES:-default}" }, errors);
    }

    // ${:-2024-01-01} expanded to its default, so a placeholder whose name was lost (a typo, a template that
    // left it out) went unnoticed; upstream fails on it (no variable is named ':-2024-01-01').
    [Fact]
    public void A_placeholder_naming_no_variable_is_an_error_naming_the_key()
    {
        var errors = Errors("""
            sources:
              s:
                url: https://example.com/logs
                from: ${:-2024-01-01}
            """);
        Assert.Equal(new[] { "sources.s.from: a ${…} placeholder names no variable (${} or ${:-default}); write ${NAME} or ${NAME:-default}, or $${ for a literal" }, errors);
    }

    // A script's template literals are ${…} too: "set ctx.url or use ${ctx.url:-default}" sent the user to the environment.
    [Fact]
    public void A_placeholder_no_variable_can_be_named_by_says_how_to_keep_it_as_text()
    {
        var errors = Errors("""
            global:
              hooks: { enabled: true }
            sources:
              s:
                url: https://example.com/logs
                hooks:
                  script_inline: |
                    function buildRequest(ctx) { return { url: `${ctx.url}?n=${HINTS_UNSET_N}` }; }
            """);
        Assert.Equal(new[]
        {
            "sources.s.hooks.script_inline: ${ctx.url} is read as an environment variable, and none by that name is set (a variable's name is letters, digits and _); "
                + "to keep it as text (a script's template literal, a GraphQL or regex value), write $${ctx.url}",
            "sources.s.hooks.script_inline: environment variable HINTS_UNSET_N is not set (referenced as ${HINTS_UNSET_N}); set it or use ${HINTS_UNSET_N:-default}, "
                + "or write $${HINTS_UNSET_N} to keep it as text (a template literal)",
        }, errors);
    }
}
