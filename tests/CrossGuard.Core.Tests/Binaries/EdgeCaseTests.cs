using System.Buffers.Binary;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Rids;
using CrossGuard.Core.Tests.Infrastructure;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>Synthesized fixtures: libc evidence the packages lack, and hostile headers (truncation, huge counts, overlaps, loops).</summary>
public sealed class EdgeCaseTests
{
    private static NativeBinaryInfo Inspect(byte[] bytes, string name = "fixture") =>
        NativeBinaryInspector.Inspect(new MemoryStream(bytes, writable: false), name);

    private static void AssertBoundedFailure(NativeBinaryInfo info, long maxRead = 64 * 1024)
    {
        Assert.NotNull(info.Error);
        Assert.DoesNotContain("internal error", info.Error, StringComparison.Ordinal);
        Assert.True(info.BytesRead <= maxRead, $"read {info.BytesRead} bytes");
    }

    [Fact]
    public void Empty_file_is_unknown_with_an_error()
    {
        NativeBinaryInfo info = Inspect([]);
        Assert.Equal(BinaryFormat.Unknown, info.Format);
        Assert.Equal("empty file", info.Error);
        Assert.Equal(0, info.BytesRead);
    }

    [Fact]
    public void Placeholder_is_recognised_by_name_from_disk_and_from_a_stream()
    {
        string dir = Directory.CreateTempSubdirectory("crossguard-").FullName;
        string path = Path.Combine(dir, "_._");
        File.WriteAllBytes(path, []);
        try
        {
            NativeBinaryInfo fromDisk = NativeBinaryInspector.Inspect(path);
            Assert.Equal(BinaryFormat.Placeholder, fromDisk.Format);
            Assert.Null(fromDisk.Error);
            Assert.False(fromDisk.IsNative);
            Assert.Equal(BinaryFormat.Placeholder, Inspect([], "lib/net8.0/_._").Format);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Missing_file_is_unreadable_not_an_exception()
    {
        NativeBinaryInfo info = NativeBinaryInspector.Inspect("/nonexistent/crossguard/libnothing.so");
        Assert.True(info.IsUnreadable);
        Assert.NotNull(info.Error);
    }

    [Fact]
    public async Task Fifo_in_a_package_folder_is_not_opened()
    {
        if (ExternalTool.Find("mkfifo") is null)
        {
            Assert.Skip("mkfifo is not available (not a Unix machine)");
        }

        string dir = Directory.CreateTempSubdirectory("crossguard-").FullName;
        string fifo = Path.Combine(dir, "libfifo.so");
        try
        {
            ExternalTool.Run("mkfifo", fifo);
            Task<NativeBinaryInfo> inspect = Task.Run(() => NativeBinaryInspector.Inspect(fifo), TestContext.Current.CancellationToken);
            Task winner = await Task.WhenAny(inspect, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            Assert.True(winner == inspect, "Inspect blocked on a FIFO");
            NativeBinaryInfo info = await inspect;
            Assert.Equal(BinaryFormat.Unknown, info.Format);
            Assert.Equal(0, info.BytesRead);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Directory_path_is_an_error_not_an_exception()
    {
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(Path.GetTempPath());
        Assert.NotNull(info.Error);
        Assert.Equal(BinaryFormat.Unknown, info.Format);
    }

    [Fact]
    public void Non_seekable_stream_is_an_error_not_an_exception()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream();
        NativeBinaryInfo info = NativeBinaryInspector.Inspect(pipe, "pipe");
        Assert.NotNull(info.Error);
    }

    [Fact]
    public void Musl_interpreter_decides_libc_and_exec_stack_is_reported()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.Elf(interp: "/lib/ld-musl-x86_64.so.1", needed: ["libc.so"], execStack: true));
        Assert.Null(info.Error);
        Assert.Equal(Libc.Musl, info.Libc);
        Assert.Equal("PT_INTERP=/lib/ld-musl-x86_64.so.1", info.LibcEvidence);
        Assert.True(info.ExecutableStack);
        Assert.Equal(["x64"], info.Architectures);
    }

    [Fact]
    public void Android_note_means_bionic()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.Elf(needed: ["liblog.so", "libc.so"], soname: "libx.so", androidNote: true));
        Assert.Null(info.Error);
        Assert.Equal(Libc.Bionic, info.Libc);
        Assert.Equal(".note.android.ident", info.LibcEvidence);
        Assert.Equal("libx.so", info.Soname);
        Assert.False(info.ExecutableStack);
    }

    [Fact]
    public void Android_system_library_without_the_note_still_means_bionic()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.Elf(needed: ["liblog.so", "libc.so"]));
        Assert.Equal(Libc.Bionic, info.Libc);
        Assert.Equal("DT_NEEDED=liblog.so", info.LibcEvidence);
    }

    [Fact]
    public void Plain_libc_so_without_android_evidence_means_musl()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.Elf(needed: ["libc.so"]));
        Assert.Equal(Libc.Musl, info.Libc);
        Assert.Equal("DT_NEEDED=libc.so", info.LibcEvidence);
    }

    [Fact]
    public void Glibc_floor_comes_from_the_dynamic_segment_without_section_headers()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.Elf(needed: ["libc.so.6"], glibc: ["GLIBC_2.17", "GLIBC_2.34", "GLIBC_PRIVATE"]));
        Assert.Null(info.Error);
        Assert.Equal(new Version(2, 34), info.GlibcFloor);
        Assert.Equal(Libc.Glibc, info.Libc);
        Assert.Equal("DT_NEEDED=libc.so.6", info.LibcEvidence);
        Assert.Empty(info.GlibcFloorSymbols); // no .dynsym / .gnu.version sections to name them from
    }

    [Fact]
    public void Static_executable_has_no_libc()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.Elf(dynamic: false));
        Assert.Equal(Libc.None, info.Libc);
        Assert.Empty(info.Needed);
    }

    [Fact]
    public void FreeBSD_osabi_is_not_linux()
    {
        Assert.Equal(RidOs.Other, Inspect(SyntheticBinaries.Elf(osAbi: 9)).Os);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(63)]
    [InlineData(200)]
    public void Truncated_elf_reports_an_error(int length)
    {
        byte[] elf = SyntheticBinaries.Elf(needed: ["libc.so.6"], interp: "/lib64/ld-linux-x86-64.so.2");
        NativeBinaryInfo info = Inspect(elf.AsSpan(0, length).ToArray());
        AssertBoundedFailure(info);
    }

    [Fact]
    public void Three_bytes_are_not_enough_to_recognise_anything()
    {
        NativeBinaryInfo info = Inspect([0x7F, (byte)'E', (byte)'L']);
        Assert.Equal(BinaryFormat.Unknown, info.Format);
        Assert.Equal(3, info.BytesRead);
    }

    [Fact]
    public void Huge_program_header_count_is_capped()
    {
        byte[] elf = SyntheticBinaries.Elf(needed: ["libc.so.6"]);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(56), 0xFFFE);
        NativeBinaryInfo info = Inspect(elf);
        AssertBoundedFailure(info, maxRead: 1024);
        Assert.Contains("program headers exceed", info.Error);
        Assert.Equal(["x64"], info.Architectures);
    }

    [Fact]
    public void Section_header_offset_past_the_end_is_an_error_not_a_crash()
    {
        byte[] elf = SyntheticBinaries.Elf(needed: ["libc.so.6"]);
        BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(40), ulong.MaxValue - 10);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(58), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(60), 5);
        NativeBinaryInfo info = Inspect(elf);
        AssertBoundedFailure(info);
        Assert.Equal(["libc.so.6"], info.Needed); // the program-header path still works
    }

    [Fact]
    public void Dynamic_segment_with_a_huge_size_is_capped()
    {
        byte[] elf = SyntheticBinaries.Elf(needed: ["libc.so.6"]);
        // Third program header (PT_DYNAMIC): p_filesz at +32.
        BinaryPrimitives.WriteInt64LittleEndian(elf.AsSpan(64 + (2 * 56) + 32), long.MaxValue);
        AssertBoundedFailure(Inspect(elf));
    }

    [Fact]
    public void Needed_string_offset_outside_the_string_table_is_an_error()
    {
        byte[] elf = SyntheticBinaries.Elf(needed: ["libc.so.6"]);
        int dyn = (int)BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan(64 + (2 * 56) + 8));
        BinaryPrimitives.WriteInt64LittleEndian(elf.AsSpan(dyn + 8), 0x7FFF_FFFF);
        AssertBoundedFailure(Inspect(elf));
    }

    [Fact]
    public void Fat64_universal_binary_is_read_per_slice()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.All().Single(s => s.Name == "synthetic/fat64.dylib").Bytes);
        Assert.Null(info.Error);
        Assert.Equal(BinaryFormat.MachOUniversal, info.Format);
        Assert.Equal(["arm64", "x64"], info.Architectures);
        Assert.Equal(["12.3", "10.15.6"], info.Slices.Select(s => s.MinOsVersion));
        Assert.Equal("12.3", info.MacOsMin);
        Assert.Equal(["/usr/lib/libSystem.B.dylib", "/usr/lib/libc++.1.dylib"], info.Needed);
        Assert.Equal("@rpath/libsynthetic.dylib", info.Soname);
    }

    [Fact]
    public void Fat_slice_pointing_back_at_the_fat_header_is_rejected_not_followed()
    {
        byte[] fat = SyntheticBinaries.Fat64(SyntheticBinaries.MachO(0x0100000C, 1, 0x000B0000, []));
        BinaryPrimitives.WriteUInt64BigEndian(fat.AsSpan(8 + 8), 0);
        NativeBinaryInfo info = Inspect(fat);
        AssertBoundedFailure(info);
        Assert.Contains("over the fat header", info.Error);
    }

    [Fact]
    public void Overlapping_fat_slices_are_reported()
    {
        byte[] slice = SyntheticBinaries.MachO(0x0100000C, 1, 0x000B0000, []);
        byte[] fat = SyntheticBinaries.Fat64(slice, SyntheticBinaries.MachO(0x01000007, 1, 0x000B0000, []));
        BinaryPrimitives.WriteUInt64BigEndian(fat.AsSpan(8 + 32 + 8), 256); // second slice starts where the first does
        NativeBinaryInfo info = Inspect(fat);
        AssertBoundedFailure(info);
        Assert.Contains("overlaps", info.Error);
    }

    [Fact]
    public void Fat_header_with_a_huge_count_is_not_a_universal_binary()
    {
        // 0xCAFEBABE followed by a large count is how Java class files start.
        byte[] java = [0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x41, 0, 0, 0, 0];
        NativeBinaryInfo info = Inspect(java);
        Assert.Equal(BinaryFormat.Unknown, info.Format);
        Assert.Null(info.Error);
    }

    [Fact]
    public void Zero_sized_load_command_cannot_loop()
    {
        byte[] macho = SyntheticBinaries.MachO(0x0100000C, 1, 0x000B0000, ["/usr/lib/libSystem.B.dylib"]);
        BinaryPrimitives.WriteUInt32LittleEndian(macho.AsSpan(16), 8000); // ncmds
        BinaryPrimitives.WriteUInt32LittleEndian(macho.AsSpan(32 + 4), 0); // first cmdsize
        NativeBinaryInfo info = Inspect(macho);
        AssertBoundedFailure(info);
        Assert.Equal(["arm64"], info.Architectures);
    }

    [Fact]
    public void Huge_load_command_count_and_size_are_capped()
    {
        byte[] macho = SyntheticBinaries.MachO(0x0100000C, 1, 0x000B0000, []);
        BinaryPrimitives.WriteUInt32LittleEndian(macho.AsSpan(16), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(macho.AsSpan(20), uint.MaxValue);
        AssertBoundedFailure(Inspect(macho), maxRead: 1024);
    }

    [Fact]
    public void Bsd_archive_names_and_member_architectures()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.BsdArchive());
        Assert.Null(info.Error);
        Assert.Equal(BinaryFormat.StaticArchive, info.Format);
        Assert.Equal(2, info.ArchiveMemberCount);
        Assert.Equal(["arm64", "x64"], info.ArchiveMemberArchitectures);
    }

    [Fact]
    public void Gnu_archive_long_names_and_member_architectures()
    {
        NativeBinaryInfo info = Inspect(SyntheticBinaries.GnuArchive());
        Assert.Null(info.Error);
        Assert.Equal(2, info.ArchiveMemberCount);
        Assert.Equal(["x64", "arm64"], info.ArchiveMemberArchitectures);
    }

    [Fact]
    public void Archive_member_larger_than_the_file_is_an_error()
    {
        byte[] a = [.. "!<arch>\n"u8, .. SyntheticBinaries.ArMember("x.o/", new byte[10])];
        System.Text.Encoding.ASCII.GetBytes("9999999999").CopyTo(a, 8 + 48);
        AssertBoundedFailure(Inspect(a));
    }

    [Fact]
    public void Archive_with_bad_bsd_name_length_is_an_error()
    {
        byte[] a = [.. "!<arch>\n"u8, .. SyntheticBinaries.ArMember("#1/999999", new byte[10])];
        AssertBoundedFailure(Inspect(a));
    }

    [Fact]
    public void Pe_with_e_lfanew_past_the_end_is_unknown()
    {
        byte[] mz = new byte[128];
        mz[0] = (byte)'M';
        mz[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt32LittleEndian(mz.AsSpan(0x3C), 0x7FFFFFF0);
        NativeBinaryInfo info = Inspect(mz);
        Assert.Equal(BinaryFormat.Unknown, info.Format);
    }

    [Fact]
    public void Pe_with_a_huge_section_count_is_capped_before_srm_reads_it()
    {
        string dll = RealBinaries.OfKind(RealBinaries.Kind.Pe).First();
        byte[] pe = File.ReadAllBytes(dll);
        int lfanew = BinaryPrimitives.ReadInt32LittleEndian(pe.AsSpan(0x3C));
        BinaryPrimitives.WriteUInt16LittleEndian(pe.AsSpan(lfanew + 6), 0xFFFF);
        NativeBinaryInfo info = Inspect(pe);
        AssertBoundedFailure(info, maxRead: 1024);
        Assert.Contains("sections exceed", info.Error);
    }

    [Fact]
    public void Pe_import_directory_outside_every_section_is_an_error()
    {
        string dll = RealBinaries.OfKind(RealBinaries.Kind.Pe).First(p => p.Contains("win-x64", StringComparison.Ordinal));
        byte[] pe = File.ReadAllBytes(dll);
        int lfanew = BinaryPrimitives.ReadInt32LittleEndian(pe.AsSpan(0x3C));
        int optional = lfanew + 24;
        int importDirectory = optional + (BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(optional)) == 0x20B ? 120 : 104);
        BinaryPrimitives.WriteUInt32LittleEndian(pe.AsSpan(importDirectory), 0x7FFF0000);
        NativeBinaryInfo info = Inspect(pe);
        AssertBoundedFailure(info);
        Assert.Equal(BinaryFormat.Pe, info.Format);
        Assert.Equal(["x64"], info.Architectures);
    }
}
