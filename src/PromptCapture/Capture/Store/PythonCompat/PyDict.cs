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
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Looks a key up.</summary>
    public bool TryGet(string key, out object? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    /// <summary>Removes a key, like <c>dict.pop(key, None)</c>.</summary>
    public bool Remove(string key)
    {
        var index = IndexOf(key);
        if (index >= 0)
            _items.RemoveAt(index);
        return index >= 0;
    }

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
        var index = IndexOf(key);
        if (index >= 0)
            _items[index] = new(key, value);
        else
            _items.Add(new(key, value));
    }

    /// <summary>Where a key sits, or -1; a plain loop, as these dicts hold a handful of keys (no closure per lookup).</summary>
    private int IndexOf(string key)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    /// <summary>The entries in order, for the JSON writer to walk without an enumerator object.</summary>
    internal List<KeyValuePair<string, object?>> Items => _items;

    /// <summary>The entries in insertion order (a struct enumerator, so foreach over a PyDict allocates nothing).</summary>
    public List<KeyValuePair<string, object?>>.Enumerator GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
