namespace Mandos.Integration.Tests.Security;

/// <summary>Where our programs are installed: by the packages, or in the initramfs our hook builds.</summary>
public enum Layout
{
    Packages,
    Initramfs,
}
