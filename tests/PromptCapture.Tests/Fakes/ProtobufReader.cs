using System.Text;

namespace PromptCapture.Tests.Fakes;

/// <summary>One field of a protobuf message: its number and its raw value (an integer, or the bytes of a length-delimited field).</summary>
/// <param name="Number">The field number.</param>
/// <param name="Integer">The varint, fixed64 or fixed32 value.</param>
/// <param name="Bytes">The bytes of a length-delimited field (string, bytes, sub-message, packed repeated).</param>
public sealed record ProtoField(int Number, ulong Integer, byte[]? Bytes)
{
    /// <summary>The field as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes ?? []);

    /// <summary>A fixed64 field read as a double.</summary>
    public double Double => BitConverter.Int64BitsToDouble((long)Integer);

    /// <summary>The field as a sub-message.</summary>
    public IReadOnlyList<ProtoField> Message => ProtobufReader.Read(Bytes ?? []);
}

/// <summary>
/// A minimal protobuf wire-format decoder, enough for OTLP's export requests: varints, fixed 32/64-bit and
/// length-delimited fields; the schema is applied by the reader of the fields (OtlpReceiver).
/// </summary>
public static class ProtobufReader
{
    /// <summary>Every field of one message, in wire order.</summary>
    public static IReadOnlyList<ProtoField> Read(ReadOnlySpan<byte> data)
    {
        var fields = new List<ProtoField>();
        var at = 0;
        while (at < data.Length)
        {
            var key = Varint(data, ref at);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    fields.Add(new ProtoField(number, Varint(data, ref at), null));
                    break;
                case 1:
                    fields.Add(new ProtoField(number, BitConverter.ToUInt64(data.Slice(at, 8)), null));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(data, ref at);
                    fields.Add(new ProtoField(number, 0, data.Slice(at, length).ToArray()));
                    at += length;
                    break;
                case 5:
                    fields.Add(new ProtoField(number, BitConverter.ToUInt32(data.Slice(at, 4)), null));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type in key {key}");
            }
        }
        return fields;
    }

    /// <summary>Reads a base-128 varint.</summary>
    private static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
