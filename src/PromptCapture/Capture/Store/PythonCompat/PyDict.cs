using System.Collections;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// An insertion-ordered string-keyed dict with Python's semantics (setting an existing key keeps its position),
/// the shape llm builds before json.dumps; values are anything <see cref="PythonJson"/> can write.
/// </summary>
public sealed class PyDict : IEnumerable<KeyValuePair<string, object?>>
{
    /// <summary>Entries in insertion order.</summary>
    private readonly List<KeyValuePair<string, object?>> _items = [];

    /// <summary>Number of keys.</summary>
    public int Count => _items.Count;

    /// <summary>Gets a value (null when absent) or sets one, replacing in place like a Python dict.</summary>
    public object? this[string key]
    {
        get => TryGet(key, out var value) ? value : null;
        set => Set(key, value);
    }

    /// <summary>Collection-initializer support; same as setting the key.</summary>
    public void Add(string key, object? value) => Set(key, value);

    /// <summary>Whether the key is present (even with a null value).</summary>
    public bool ContainsKey(string key) => _items.Exists(kv => kv.Key == key);

    /// <summary>Looks a key up.</summary>
    public bool TryGet(string key, out object? value)
    {
        foreach (var kv in _items)
        {
            if (kv.Key == key)
            {
                value = kv.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Removes a key, like <c>dict.pop(key, None)</c>.</summary>
    public bool Remove(string key) => _items.RemoveAll(kv => kv.Key == key) > 0;

    /// <summary>A JSON object as json.loads makes it a dict: a repeated key keeps its first place and its last value.</summary>
    public static PyDict FromObject(System.Text.Json.JsonElement value)
    {
        var dict = new PyDict();
        foreach (var property in value.EnumerateObject())
            dict[property.Name] = property.Value;
        return dict;
    }

    /// <summary>A shallow copy, so callers can drop keys without touching the original.</summary>
    public PyDict Copy()
    {
        var copy = new PyDict();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <summary>Sets a key in place or appends it.</summary>
    private void Set(string key, object? value)
    {
        var index = _items.FindIndex(kv => kv.Key == key);
        if (index >= 0)
            _items[index] = new(key, value);
        else
            _items.Add(new(key, value));
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
