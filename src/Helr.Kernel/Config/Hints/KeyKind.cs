namespace Helr.Kernel.Config.Hints;

/// <summary>What a key of <see cref="ConfigSchema"/> holds, as far as hints need to know.</summary>
internal enum KeyKind
{
    /// <summary>A string, a choice, or a list.</summary>
    Text,

    /// <summary>A map of further keys listed in the schema.</summary>
    Block,

    /// <summary>A map or value whose keys are the user's own (headers, query parameters, a request body).</summary>
    FreeForm,

    /// <summary>A whole number; a fraction is an error.</summary>
    WholeNumber,

    /// <summary>A number that may be fractional.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,
}
