/// <summary>Entry point placeholder.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static int Main(string[] args) => 0;
}
