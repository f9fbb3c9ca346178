using System;
using System.Collections.Generic;
using System.Globalization;
using CrossGuard.Core.Rids;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// Header-only ELF reader. Hand-written on purpose: we need bounded, never-throwing reads of a handful of structures
/// (ELF header, program headers, the dynamic segment, .gnu.version_r, and only the .dynsym entries that carry the
/// glibc floor) over hostile inputs. ELFSharp and LibObjectFile load or materialise whole files / sections and throw on
/// malformed input, which costs memory and time per file in a build and turns a bad package into a build crash.
/// </summary>
internal static class ElfReader
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;
    private const uint PtNote = 4;
    private const uint PtGnuStack = 0x6474E551;
    private const uint ShtDynsym = 11;
    private const uint ShtDynamic = 6;
    private const uint ShtNote = 7;
    private const uint ShtGnuVersym = 0x6FFFFFFF;
    private const uint ShtGnuVerneed = 0x6FFFFFFE;
    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;
    private const long DtStrsz = 10;
    private const long DtSoname = 14;
    private const long DtVerneed = 0x6FFFFFFE;
    private const long DtVerneednum = 0x6FFFFFFF;

    /// <summary>Architecture of an ELF header (for archive members); null when the bytes are not a usable ELF header.</summary>
    public static string? ArchitectureOf(byte[] header)
    {
        if (header.Length < 20 || header[4] is not (1 or 2) || header[5] is not (1 or 2))
        {
            return null;
        }

        var e = new EndianReader(header[5] == 2);
        return ArchitectureNames.FromElfMachine(e.U16(header, 18), header[4] == 2, header[5] == 2);
    }

    public static void Read(ByteSource src, NativeBinaryInfo info)
    {
        var elf = new ElfFile(src, info);
        elf.Run();
    }

    private sealed class Segment
    {
        public uint Type;
        public uint Flags;
        public ulong Offset;
        public ulong VirtualAddress;
        public ulong FileSize;
    }

    private sealed class Section
    {
        public uint Type;
        public ulong Offset;
        public ulong Size;
        public uint Link;
        public uint Info;
        public ulong EntrySize;
    }

    private sealed class ElfFile
    {
        private readonly ByteSource _src;
        private readonly NativeBinaryInfo _info;
        private readonly List<Segment> _segments = new();
        private readonly List<Section> _sections = new();
        private EndianReader _e;
        private bool _is64;
        private string? _interp;
        private bool _androidNote;
        private bool _hasDynamic;
        private long _strtabOffset = -1;
        private long _strtabEnd = -1;
        private long _verneedOffset = -1;
        private long _verneedCount;
        private readonly List<string> _versionNames = new();
        private readonly HashSet<ushort> _floorIndices = new();

        public ElfFile(ByteSource src, NativeBinaryInfo info)
        {
            _src = src;
            _info = info;
        }

        public void Run()
        {
            if (!ReadHeader(out ulong phoff, out int phentsize, out int phnum, out ulong shoff, out int shentsize, out int shnum))
            {
                return;
            }

            Stage(() => ReadSectionHeaders(shoff, shentsize, shnum));
            if (phnum == 0xFFFF && _sections.Count > 0)
            {
                phnum = (int)Math.Min(_sections[0].Info, int.MaxValue);
            }

            Stage(() => ReadProgramHeaders(phoff, phentsize, phnum));
            Stage(ReadInterp);
            Stage(ReadNotes);
            Stage(ReadDynamic);
            Stage(ReadVersionNeeds);
            Stage(ReadFloorSymbols);
            DecideLibc();
        }

        private void Stage(Action action)
        {
            try
            {
                action();
            }
            catch (MalformedBinaryException ex)
            {
                NativeBinaryInspector.AddError(_info, ex.Message);
            }
        }

        private bool ReadHeader(out ulong phoff, out int phentsize, out int phnum, out ulong shoff, out int shentsize, out int shnum)
        {
            phoff = shoff = 0;
            phentsize = phnum = shentsize = shnum = 0;
            byte[] ident = _src.Read(0, Math.Min(64, _src.Length), "ELF header");
            if (ident.Length < 16)
            {
                NativeBinaryInspector.AddError(_info, "truncated ELF identification");
                return false;
            }

            if (ident[4] is not (1 or 2) || ident[5] is not (1 or 2))
            {
                NativeBinaryInspector.AddError(_info, $"invalid ELF class {ident[4]} or data encoding {ident[5]}");
                return false;
            }

            _is64 = ident[4] == 2;
            _e = new EndianReader(ident[5] == 2);
            _info.Bitness = _is64 ? 64 : 32;
            _info.Endianness = _e.BigEndian ? "big" : "little";
            _info.Os = ident[7] switch
            {
                0 or 3 => RidOs.Linux,
                _ => RidOs.Other,
            };
            _info.ElfOsAbi = ident[7];
            int headerSize = _is64 ? 64 : 52;
            if (ident.Length < headerSize)
            {
                if (ident.Length >= 20)
                {
                    _info.Architectures.Add(ArchitectureNames.FromElfMachine(_e.U16(ident, 18), _is64, _e.BigEndian));
                }

                NativeBinaryInspector.AddError(_info, "truncated ELF header");
                return false;
            }

            _info.ElfType = _e.U16(ident, 16);
            _info.Architectures.Add(ArchitectureNames.FromElfMachine(_e.U16(ident, 18), _is64, _e.BigEndian));
            if (_is64)
            {
                phoff = _e.U64(ident, 32);
                shoff = _e.U64(ident, 40);
                phentsize = _e.U16(ident, 54);
                phnum = _e.U16(ident, 56);
                shentsize = _e.U16(ident, 58);
                shnum = _e.U16(ident, 60);
            }
            else
            {
                phoff = _e.U32(ident, 28);
                shoff = _e.U32(ident, 32);
                phentsize = _e.U16(ident, 42);
                phnum = _e.U16(ident, 44);
                shentsize = _e.U16(ident, 46);
                shnum = _e.U16(ident, 48);
            }

            return true;
        }

        private void ReadSectionHeaders(ulong shoff, int shentsize, int shnum)
        {
            if (shoff == 0)
            {
                return;
            }

            int minimum = _is64 ? 64 : 40;
            if (shentsize < minimum)
            {
                throw new MalformedBinaryException($"section header entry size {shentsize} is too small");
            }

            if (shnum == 0)
            {
                // SHN_UNDEF holds the real count when e_shnum overflows (>= 0xff00 sections).
                Section zero = ParseSection(_src.Read((long)Math.Min(shoff, long.MaxValue), shentsize, "section header 0"), 0);
                shnum = (int)Math.Min(zero.Size, int.MaxValue);
                _sections.Add(zero);
                if (shnum == 0)
                {
                    return;
                }
            }

            if (shnum > InspectorLimits.MaxElfSections)
            {
                throw new MalformedBinaryException($"{shnum} sections exceed the limit of {InspectorLimits.MaxElfSections}");
            }

            byte[] table = _src.Read(CheckedOffset(shoff), (long)shnum * shentsize, "section header table");
            _sections.Clear();
            for (int i = 0; i < shnum; i++)
            {
                _sections.Add(ParseSection(table, (long)i * shentsize));
            }
        }

        private Section ParseSection(byte[] b, long o) => _is64
            ? new Section { Type = _e.U32(b, o + 4), Offset = _e.U64(b, o + 24), Size = _e.U64(b, o + 32), Link = _e.U32(b, o + 40), Info = _e.U32(b, o + 44), EntrySize = _e.U64(b, o + 56) }
            : new Section { Type = _e.U32(b, o + 4), Offset = _e.U32(b, o + 16), Size = _e.U32(b, o + 20), Link = _e.U32(b, o + 24), Info = _e.U32(b, o + 28), EntrySize = _e.U32(b, o + 36) };

        private void ReadProgramHeaders(ulong phoff, int phentsize, int phnum)
        {
            if (phnum == 0 || phoff == 0)
            {
                return;
            }

            int minimum = _is64 ? 56 : 32;
            if (phentsize < minimum)
            {
                throw new MalformedBinaryException($"program header entry size {phentsize} is too small");
            }

            if (phnum > InspectorLimits.MaxElfProgramHeaders)
            {
                throw new MalformedBinaryException($"{phnum} program headers exceed the limit of {InspectorLimits.MaxElfProgramHeaders}");
            }

            byte[] table = _src.Read(CheckedOffset(phoff), (long)phnum * phentsize, "program header table");
            for (int i = 0; i < phnum; i++)
            {
                long o = (long)i * phentsize;
                var s = _is64
                    ? new Segment { Type = _e.U32(table, o), Flags = _e.U32(table, o + 4), Offset = _e.U64(table, o + 8), VirtualAddress = _e.U64(table, o + 16), FileSize = _e.U64(table, o + 32) }
                    : new Segment { Type = _e.U32(table, o), Offset = _e.U32(table, o + 4), VirtualAddress = _e.U32(table, o + 8), FileSize = _e.U32(table, o + 16), Flags = _e.U32(table, o + 24) };
                _segments.Add(s);
                if (s.Type == PtGnuStack)
                {
                    _info.ExecutableStack = (s.Flags & 1) != 0;
                }
            }
        }

        private void ReadInterp()
        {
            Segment? interp = _segments.Find(s => s.Type == PtInterp);
            if (interp is null)
            {
                return;
            }

            long start = CheckedOffset(interp.Offset);
            _interp = _src.ReadCString(start, start + (long)Math.Min(interp.FileSize, InspectorLimits.MaxStringLength), "PT_INTERP");
            _info.Interpreter = _interp;
        }

        private void ReadNotes()
        {
            // Android binaries carry an "Android" note (.note.android.ident, NT type 1); look in PT_NOTE segments, or in
            // SHT_NOTE sections when the file has no program headers.
            var ranges = new List<(ulong Offset, ulong Size)>();
            foreach (Segment s in _segments)
            {
                if (s.Type == PtNote)
                {
                    ranges.Add((s.Offset, s.FileSize));
                }
            }

            if (ranges.Count == 0)
            {
                foreach (Section s in _sections)
                {
                    if (s.Type == ShtNote)
                    {
                        ranges.Add((s.Offset, s.Size));
                    }
                }
            }

            int scanned = 0;
            foreach ((ulong offset, ulong size) in ranges)
            {
                if (++scanned > 16 || size > 64 * 1024)
                {
                    continue;
                }

                byte[] notes = _src.Read(CheckedOffset(offset), (long)size, "note");
                long o = 0;
                while (o + 12 <= notes.Length)
                {
                    uint nameSize = _e.U32(notes, o);
                    uint descSize = _e.U32(notes, o + 4);
                    if (nameSize > notes.Length || descSize > notes.Length)
                    {
                        break;
                    }

                    long name = o + 12;
                    if (nameSize >= 7 && name + 7 <= notes.Length && System.Text.Encoding.ASCII.GetString(notes, (int)name, 7) == "Android")
                    {
                        _androidNote = true;
                        return;
                    }

                    o = name + Align4(nameSize) + Align4(descSize);
                }
            }
        }

        private void ReadDynamic()
        {
            ulong dynOffset;
            ulong dynSize;
            Segment? dyn = _segments.Find(s => s.Type == PtDynamic);
            Section? dynSection = _sections.Find(s => s.Type == ShtDynamic);
            if (dyn is not null)
            {
                dynOffset = dyn.Offset;
                dynSize = dyn.FileSize;
            }
            else if (dynSection is not null)
            {
                dynOffset = dynSection.Offset;
                dynSize = dynSection.Size;
            }
            else
            {
                return;
            }

            _hasDynamic = true;
            int entrySize = _is64 ? 16 : 8;
            ulong count = dynSize / (ulong)entrySize;
            if (count > InspectorLimits.MaxElfDynamicEntries)
            {
                throw new MalformedBinaryException($"{count} dynamic entries exceed the limit of {InspectorLimits.MaxElfDynamicEntries}");
            }

            byte[] table = _src.Read(CheckedOffset(dynOffset), (long)count * entrySize, "dynamic segment");
            var needed = new List<ulong>();
            ulong? soname = null;
            ulong strtab = 0;
            ulong strsz = 0;
            ulong verneed = 0;
            ulong verneednum = 0;
            for (long o = 0; o + entrySize <= table.Length; o += entrySize)
            {
                long tag = _is64 ? (long)_e.U64(table, o) : (int)_e.U32(table, o);
                ulong value = _e.Word(table, o + (entrySize / 2), _is64);
                if (tag == DtNull)
                {
                    break;
                }

                switch (tag)
                {
                    case DtNeeded: needed.Add(value); break;
                    case DtSoname: soname = value; break;
                    case DtStrtab: strtab = value; break;
                    case DtStrsz: strsz = value; break;
                    case DtVerneed: verneed = value; break;
                    case DtVerneednum: verneednum = value; break;
                }
            }

            long? strtabOffset = MapAddress(strtab);
            if (strtabOffset is null && dynSection is not null && dynSection.Link < _sections.Count)
            {
                // No PT_LOAD maps DT_STRTAB (a damaged or unusual file): fall back to the section the dynamic section links to.
                Section s = _sections[(int)dynSection.Link];
                strtabOffset = CheckedOffset(s.Offset);
                strsz = s.Size;
            }

            if (strtabOffset is null)
            {
                throw new MalformedBinaryException("DT_STRTAB does not map to the file");
            }

            _strtabOffset = strtabOffset.Value;
            _strtabEnd = strsz == 0 ? _src.Length : (long)Math.Min((ulong)_src.Length, (ulong)_strtabOffset + strsz);
            if (verneed != 0)
            {
                _verneedOffset = MapAddress(verneed) ?? -1;
                _verneedCount = (long)Math.Min(verneednum, InspectorLimits.MaxElfVersionEntries + 1UL);
            }

            foreach (ulong n in needed)
            {
                if (_info.Needed.Count >= InspectorLimits.MaxNeededLibraries)
                {
                    throw new MalformedBinaryException($"more than {InspectorLimits.MaxNeededLibraries} DT_NEEDED entries");
                }

                _info.Needed.Add(DynString(n, "DT_NEEDED"));
            }

            if (soname is not null)
            {
                _info.Soname = DynString(soname.Value, "DT_SONAME");
            }
        }

        private string DynString(ulong offset, string what)
        {
            if (offset >= (ulong)(_strtabEnd - _strtabOffset))
            {
                throw new MalformedBinaryException($"{what}: string offset 0x{offset:x} outside the dynamic string table");
            }

            return _src.ReadCString(_strtabOffset + (long)offset, _strtabEnd, what);
        }

        private long? MapAddress(ulong address)
        {
            foreach (Segment s in _segments)
            {
                if (s.Type == PtLoad && address >= s.VirtualAddress && address - s.VirtualAddress < s.FileSize)
                {
                    ulong offset = address - s.VirtualAddress + s.Offset;
                    return offset < (ulong)_src.Length ? (long)offset : null;
                }
            }

            return null;
        }

        private void ReadVersionNeeds()
        {
            // Prefer the section (.gnu.version_r): its sh_info is the entry count and sh_link its string table.
            Section? section = _sections.Find(s => s.Type == ShtGnuVerneed);
            long offset = _verneedOffset;
            long count = _verneedCount;
            long strOffset = _strtabOffset;
            long strEnd = _strtabEnd;
            if (section is not null)
            {
                offset = CheckedOffset(section.Offset);
                count = Math.Min(section.Info, InspectorLimits.MaxElfVersionEntries + 1L);
                if (section.Link < _sections.Count)
                {
                    Section strings = _sections[(int)section.Link];
                    strOffset = CheckedOffset(strings.Offset);
                    strEnd = (long)Math.Min((ulong)_src.Length, strings.Offset + Math.Min(strings.Size, (ulong)_src.Length));
                }
            }

            if (offset < 0 || count <= 0 || strOffset < 0)
            {
                return;
            }

            if (count > InspectorLimits.MaxElfVersionEntries)
            {
                throw new MalformedBinaryException($"more than {InspectorLimits.MaxElfVersionEntries} version-need entries");
            }

            var visited = new HashSet<long>();
            var versions = new List<(Version Version, string Name, ushort Index)>();
            int budget = InspectorLimits.MaxElfVersionEntries;
            long vn = offset;
            for (long i = 0; i < count; i++)
            {
                if (!visited.Add(vn))
                {
                    throw new MalformedBinaryException($"version-need chain loops at 0x{vn:x}");
                }

                byte[] need = _src.Read(vn, 16, "Elf_Verneed");
                ushort auxCount = _e.U16(need, 2);
                uint auxOffset = _e.U32(need, 8);
                uint next = _e.U32(need, 12);
                long aux = vn + auxOffset;
                for (int j = 0; j < auxCount; j++)
                {
                    if (--budget < 0)
                    {
                        throw new MalformedBinaryException($"more than {InspectorLimits.MaxElfVersionEntries} version-need entries");
                    }

                    if (!visited.Add(aux))
                    {
                        throw new MalformedBinaryException($"version-need aux chain loops at 0x{aux:x}");
                    }

                    byte[] vna = _src.Read(aux, 16, "Elf_Vernaux");
                    ushort other = _e.U16(vna, 6);
                    uint nameOffset = _e.U32(vna, 8);
                    uint auxNext = _e.U32(vna, 12);
                    string name = _src.ReadCString(strOffset + nameOffset, strEnd, "version name");
                    _versionNames.Add(name);
                    if (TryParseGlibc(name, out Version? version))
                    {
                        versions.Add((version!, name, other));
                    }

                    if (auxNext == 0)
                    {
                        break;
                    }

                    aux += auxNext;
                }

                if (next == 0)
                {
                    break;
                }

                vn += next;
            }

            Version? floor = null;
            foreach ((Version version, _, _) in versions)
            {
                if (floor is null || version > floor)
                {
                    floor = version;
                }
            }

            if (floor is null)
            {
                return;
            }

            _info.GlibcFloor = floor;
            foreach ((Version version, _, ushort index) in versions)
            {
                if (version == floor)
                {
                    _floorIndices.Add((ushort)(index & 0x7FFF));
                }
            }
        }

        private void ReadFloorSymbols()
        {
            if (_floorIndices.Count == 0)
            {
                return;
            }

            // Symbol versions need the section headers (.gnu.version is parallel to .dynsym, whose size gives the count);
            // a file stripped of section headers still gets its floor from the dynamic segment, just without symbols.
            Section? versym = _sections.Find(s => s.Type == ShtGnuVersym);
            Section? dynsym = _sections.Find(s => s.Type == ShtDynsym);
            if (versym is null || dynsym is null || dynsym.Link >= _sections.Count)
            {
                return;
            }

            ulong entrySize = dynsym.EntrySize != 0 ? dynsym.EntrySize : (_is64 ? 24UL : 16UL);
            if (entrySize < (_is64 ? 24UL : 16UL))
            {
                throw new MalformedBinaryException($".dynsym entry size {entrySize} is too small");
            }

            ulong count = Math.Min(dynsym.Size / entrySize, versym.Size / 2);
            if (count > InspectorLimits.MaxElfDynamicSymbols)
            {
                throw new MalformedBinaryException($"{count} dynamic symbols exceed the limit of {InspectorLimits.MaxElfDynamicSymbols}");
            }

            Section strings = _sections[(int)dynsym.Link];
            long strOffset = CheckedOffset(strings.Offset);
            long strEnd = (long)Math.Min((ulong)_src.Length, strings.Offset + Math.Min(strings.Size, (ulong)_src.Length));
            byte[] versions = _src.Read(CheckedOffset(versym.Offset), (long)count * 2, ".gnu.version");
            long symbols = CheckedOffset(dynsym.Offset);
            var names = new SortedSet<string>(StringComparer.Ordinal);
            for (long i = 1; i < (long)count; i++)
            {
                if (!_floorIndices.Contains((ushort)(_e.U16(versions, i * 2) & 0x7FFF)))
                {
                    continue;
                }

                if (names.Count >= InspectorLimits.MaxFloorSymbols)
                {
                    break;
                }

                byte[] sym = _src.Read(symbols + (i * (long)entrySize), 4, ".dynsym entry");
                uint nameOffset = _e.U32(sym, 0);
                names.Add(_src.ReadCString(strOffset + nameOffset, strEnd, "symbol name"));
            }

            _info.GlibcFloorSymbols.AddRange(names);
        }

        private void DecideLibc()
        {
            string? interp = _interp;
            if (interp is not null)
            {
                string file = interp.Substring(interp.LastIndexOf('/') + 1);
                if (file.StartsWith("ld-musl", StringComparison.Ordinal))
                {
                    SetLibc(Libc.Musl, $"PT_INTERP={interp}");
                    return;
                }

                if (interp.Contains("/system/bin/linker", StringComparison.Ordinal))
                {
                    SetLibc(Libc.Bionic, $"PT_INTERP={interp}");
                    return;
                }

                if (file.StartsWith("ld-linux", StringComparison.Ordinal) || file.StartsWith("ld64.so", StringComparison.Ordinal) || file.StartsWith("ld.so", StringComparison.Ordinal))
                {
                    SetLibc(Libc.Glibc, $"PT_INTERP={interp}");
                    return;
                }
            }

            if (_androidNote)
            {
                SetLibc(Libc.Bionic, ".note.android.ident");
                return;
            }

            foreach (string needed in _info.Needed)
            {
                if (needed.StartsWith("libc.musl-", StringComparison.Ordinal) || needed.StartsWith("ld-musl", StringComparison.Ordinal))
                {
                    SetLibc(Libc.Musl, $"DT_NEEDED={needed}");
                    return;
                }

                if (needed == "libc.so.6")
                {
                    SetLibc(Libc.Glibc, $"DT_NEEDED={needed}");
                    return;
                }
            }

            string? glibcVersion = _versionNames.Find(n => n.StartsWith("GLIBC_", StringComparison.Ordinal));
            if (glibcVersion is not null)
            {
                SetLibc(Libc.Glibc, $"verneed {glibcVersion}");
                return;
            }

            string? android = _info.Needed.Find(n => n is "liblog.so" or "libandroid.so" or "libbinder_ndk.so");
            if (android is not null && _info.Needed.Contains("libc.so"))
            {
                // Older NDK builds lack the note; Android-only system libraries beside bionic's libc.so give them away.
                SetLibc(Libc.Bionic, $"DT_NEEDED={android}");
                return;
            }

            if (_info.Needed.Contains("libc.so"))
            {
                // musl's libc is installed as libc.so (and libc.musl-<arch>.so.1 on Alpine); bionic's is libc.so too, but
                // Android binaries carry the note checked above.
                SetLibc(Libc.Musl, "DT_NEEDED=libc.so");
                return;
            }

            if (!_hasDynamic && interp is null)
            {
                SetLibc(Libc.None, "no dynamic section");
            }
        }

        private void SetLibc(Libc libc, string evidence)
        {
            _info.Libc = libc;
            _info.LibcEvidence = evidence;
        }

        private long CheckedOffset(ulong offset)
        {
            if (offset >= (ulong)_src.Length)
            {
                throw new MalformedBinaryException($"offset 0x{offset:x} lies outside the file (0x{_src.Length:x} bytes)");
            }

            return (long)offset;
        }

        private static long Align4(uint value) => ((long)value + 3) & ~3L;
    }

    /// <summary>Parses "GLIBC_2.2.5" into 2.2.5; false for GLIBC_PRIVATE and anything else.</summary>
    internal static bool TryParseGlibc(string name, out Version? version)
    {
        version = null;
        const string Prefix = "GLIBC_";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.Length == Prefix.Length || !char.IsDigit(name[Prefix.Length]))
        {
            return false;
        }

        string text = name.Substring(Prefix.Length);
        if (text.IndexOf('.') < 0)
        {
            text += ".0";
        }

        return Version.TryParse(text, out version) && version!.Major < 100 && text.Split('.').Length <= 4 && AllDigits(text);
    }

    private static bool AllDigits(string text)
    {
        foreach (char c in text)
        {
            if (c != '.' && (c < '0' || c > '9'))
            {
                return false;
            }
        }

        return int.TryParse(text.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
