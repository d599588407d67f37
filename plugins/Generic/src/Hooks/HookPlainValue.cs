using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// Whether a hook's result is plain data (object literals, arrays, strings, numbers, booleans, null)
/// nested at most <paramref name="limit"/> levels: then the native <c>JSON.stringify</c> reads it
/// as this walk saw it, within the bound, without the guard's replacer call per value (about half the
/// time of reading a page of events). Anything else (a getter, a <c>toJSON</c>, a proxy, a hole, a
/// class instance, a function) may change or grow while serialized, and goes the guarded way.
/// </summary>
internal static class HookPlainValue
{
    public static bool Within(JsValue value, ObjectInstance objectPrototype, ObjectInstance arrayPrototype, int limit) =>
        objectPrototype.GetOwnProperty("toJSON") == PropertyDescriptor.Undefined
        && arrayPrototype.GetOwnProperty("toJSON") == PropertyDescriptor.Undefined
        && Plain(value, objectPrototype, arrayPrototype, limit);

    private static bool Plain(JsValue value, ObjectInstance objectPrototype, ObjectInstance arrayPrototype, int depthLeft)
    {
        if (value is not ObjectInstance obj) return !value.IsBigInt();
        if (depthLeft == 0) return false;
        if (obj is JsArray array && ReferenceEquals(array.Prototype, arrayPrototype))
        {
            var length = array.Length;
            for (uint i = 0; i < length; i++)
            {
                var element = array.GetOwnProperty(i);
                if (element == PropertyDescriptor.Undefined || !element.IsDataDescriptor()
                    || !Plain(element.Value, objectPrototype, arrayPrototype, depthLeft - 1)) return false;
            }
            return true;
        }
        if (obj is not JsObject || !ReferenceEquals(obj.Prototype, objectPrototype)) return false;
        foreach (var (key, property) in obj.GetOwnProperties())
        {
            if (key.IsSymbol() || !property.Enumerable) continue;
            if (!property.IsDataDescriptor() || !Plain(property.Value, objectPrototype, arrayPrototype, depthLeft - 1)) return false;
        }
        return true;
    }
}
