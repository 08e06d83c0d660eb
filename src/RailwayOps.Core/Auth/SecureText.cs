using System.Runtime.InteropServices;
using System.Security;

namespace RailwayOps.Core.Auth;

/// <summary>Reads a SecureString once, at the moment a request needs it, and zeroes the unmanaged copy.</summary>
internal static class SecureText
{
    public static string ToPlain(SecureString secure)
    {
        ArgumentNullException.ThrowIfNull(secure);
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
