using System.Runtime.InteropServices;
using System.Security;

namespace RailwayOps.Core.Secrets;

/// <summary>Reads a SecureString once, at the moment a request needs it, and zeroes the unmanaged copy.</summary>
public static class SecureText
{
    public static string ToPlain(SecureString secure)
    {
        ArgumentNullException.ThrowIfNull(secure);
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            // With the length: a NUL inside the value would otherwise end it there, and a token cut short
            // at a NUL would be sent instead of refused.
            return Marshal.PtrToStringUni(pointer, secure.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
