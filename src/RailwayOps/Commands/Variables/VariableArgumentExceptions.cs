namespace RailwayOps.Commands;

/// <summary>A variable name that no shell or dotenv tool would accept.</summary>
internal sealed class InvalidVariableNameException : ArgumentException
{
    public InvalidVariableNameException(string message)
        : base(message)
    {
    }
}

/// <summary>A value that is null or cannot be turned into text; the message names the variable, never a value.</summary>
internal sealed class InvalidVariableValueException : ArgumentException
{
    public InvalidVariableValueException(string message)
        : base(message)
    {
    }
}
