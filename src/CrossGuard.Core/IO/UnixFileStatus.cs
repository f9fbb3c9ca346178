using System;
using System.IO;
using System.Runtime.InteropServices;

namespace CrossGuard.Core.IO;

/// <summary>
/// stat(2)/lstat(2) and geteuid(2) on Linux and macOS, for the inspection cache: the owner of its folder and files
/// (the ssh-style trust check), the file type (regular files only), and a package file's identity (inode, change time).
/// </summary>
/// <remarks>
/// Why a P/Invoke at all: .NET 8 has no API for a file's owner, inode or change time (FileSystemInfo.UnixFileMode gives
/// the permission bits only), and a managed stand-in (chmod-ing the folder to see whether that is allowed) is wrong for
/// root and writes to the folder. Why this library: libc's <c>struct stat</c> differs per architecture and C library
/// (x64 vs arm64 vs macOS field order and sizes), and glibc before 2.33 does not even export <c>stat</c>/<c>lstat</c>
/// (only <c>__xstat</c>). The runtime's own native shim, libSystem.Native (part of every .NET runtime on Unix; it is
/// what File/FileInfo call), exports <c>SystemNative_Stat</c>/<c>SystemNative_LStat</c> with one fixed,
/// architecture-independent FileStatus layout, and <c>SystemNative_GetEUid</c>. That layout is an implementation detail
/// of the runtime, so it is (1) declared with spare room at the end, so a future runtime that appends fields cannot
/// write past our buffer, and (2) verified once per process against the managed APIs (type, permission bits, size and
/// modification time of a known file); if they disagree, <see cref="IsAvailable"/> is false and callers treat owners as
/// unknown (the cache is then not used: the safe side).
/// </remarks>
internal static partial class UnixFileStatus
{
    private const string SystemNative = "libSystem.Native";
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int TypeDirectory = 0x4000;
    private const int TypeSymbolicLink = 0xA000;
    private static readonly Lazy<bool> s_available = new(SelfCheck);

    /// <summary>True on Unix when the runtime's stat shim answers and agrees with the managed file APIs.</summary>
    public static bool IsAvailable => !OperatingSystem.IsWindows() && s_available.Value;

    /// <summary>The effective user id of this process (only meaningful when <see cref="IsAvailable"/>).</summary>
    public static uint EffectiveUserId => SystemNative_GetEUid();

    /// <summary>stat(2) (follows symbolic links) or lstat(2) (does not); null when the path cannot be stat-ed.</summary>
    public static Entry? Get(string path, bool followLinks)
    {
        if (!IsAvailable)
        {
            return null;
        }

        return Query(path, followLinks);
    }

    private static Entry? Query(string path, bool followLinks)
    {
        try
        {
            int result = followLinks ? SystemNative_Stat(path, out FileStatus status) : SystemNative_LStat(path, out status);
            return result == 0 ? new Entry(status) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    private static bool SelfCheck()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            string probe = typeof(UnixFileStatus).Assembly.Location;
            if (string.IsNullOrEmpty(probe) || !File.Exists(probe))
            {
                probe = Environment.ProcessPath ?? string.Empty;
            }

            if (probe.Length == 0 || Query(probe, followLinks: true) is not { } entry)
            {
                return false;
            }

            var managed = new FileInfo(probe);
            long managedSeconds = (managed.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
            return entry.IsRegularFile && entry.Size == managed.Length
                && (entry.Mode & 0xFFF) == (int)File.GetUnixFileMode(probe)
                && entry.ModifiedSeconds == managedSeconds;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    [LibraryImport(SystemNative, EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SystemNative_Stat(string path, out FileStatus output);

    [LibraryImport(SystemNative, EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SystemNative_LStat(string path, out FileStatus output);

    [LibraryImport(SystemNative, EntryPoint = "SystemNative_GetEUid")]
    private static partial uint SystemNative_GetEUid();

    /// <summary>What stat(2) said about one path.</summary>
    public readonly struct Entry
    {
        internal Entry(FileStatus status)
        {
            Mode = status.Mode;
            Owner = status.Uid;
            Size = status.Size;
            ModifiedSeconds = status.MTime;
            ModifiedNanoseconds = status.MTimeNsec;
            ChangedSeconds = status.CTime;
            ChangedNanoseconds = status.CTimeNsec;
            Device = status.Dev;
            Inode = status.Ino;
        }

        /// <summary>st_mode: file type and permission bits.</summary>
        public int Mode { get; }

        public uint Owner { get; }

        public long Size { get; }

        public long ModifiedSeconds { get; }

        public long ModifiedNanoseconds { get; }

        public long ChangedSeconds { get; }

        public long ChangedNanoseconds { get; }

        public long Device { get; }

        public long Inode { get; }

        public bool IsRegularFile => (Mode & TypeMask) == TypeRegular;

        public bool IsDirectory => (Mode & TypeMask) == TypeDirectory;

        public bool IsSymbolicLink => (Mode & TypeMask) == TypeSymbolicLink;

        /// <summary>True when group or others may write (S_IWGRP | S_IWOTH).</summary>
        public bool IsWritableByOthers => (Mode & 0x12) != 0;

        /// <summary>The permission bits as chmod prints them (e.g. 0775).</summary>
        public string Permissions => "0" + Convert.ToString(Mode & 0xFFF, 8);
    }

    /// <summary>libSystem.Native's FileStatus (src/native/libs/System.Native/pal_io.h), plus spare room.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long ATime;
        public long ATimeNsec;
        public long MTime;
        public long MTimeNsec;
        public long CTime;
        public long CTimeNsec;
        public long BirthTime;
        public long BirthTimeNsec;
        public long Dev;
        public long RDev;
        public long Ino;
        public uint UserFlags;

        // Spare room (128 bytes) so that fields a later runtime appends land here instead of past the struct.
        private Spare _spare;
    }

    [System.Runtime.CompilerServices.InlineArray(16)]
    internal struct Spare
    {
        private long _element;
    }
}
