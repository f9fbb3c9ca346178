using System.Reflection.Metadata;

namespace CrossGuard.Core.Binaries;

/// <summary>
/// Decoding of IL opcodes for the walkers that read method bodies without loading them (the PlatformNotSupported stub
/// detector in <see cref="ManagedPlatforms"/>, the NativeLibrary literal scan of the publish audit).
/// System.Reflection.Metadata names the opcodes (<see cref="ILOpCode"/>) and the branch operand sizes, but not the
/// other operand sizes: those come from ECMA-335 partition III, written once here.
/// </summary>
internal static class IlOpCodes
{
    /// <summary>The "no." prefix (0xFE 0x19, one operand byte), which <see cref="ILOpCode"/> does not name.</summary>
    public const ILOpCode NoPrefix = (ILOpCode)0xFE19;

    /// <summary>Reads one opcode (one byte, or 0xFE and a second); a body cut off inside it throws like any read past the end.</summary>
    public static ILOpCode Read(ref BlobReader il)
    {
        byte first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    /// <summary>Reads one opcode; false when the body ends inside it, instead of throwing.</summary>
    public static bool TryRead(ref BlobReader il, out ILOpCode op)
    {
        op = default;
        if (il.RemainingBytes == 0)
        {
            return false;
        }

        byte first = il.ReadByte();
        if (first != 0xFE)
        {
            op = (ILOpCode)first;
            return true;
        }

        if (il.RemainingBytes == 0)
        {
            return false;
        }

        op = (ILOpCode)(0xFE00 | il.ReadByte());
        return true;
    }

    /// <summary>
    /// The size of the inline operand that follows <paramref name="op"/>. <see cref="ILOpCode.Switch"/> is the caller's:
    /// its operand is a count followed by that many branch targets.
    /// </summary>
    public static int OperandSize(ILOpCode op) => op.IsBranch() ? op.GetBranchOperandSize() : op switch
    {
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
            or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned or NoPrefix => 1,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt or ILOpCode.Newobj
            or ILOpCode.Ldftn or ILOpCode.Ldvirtftn
            or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld
            or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Stobj
            or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any
            or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof
            or ILOpCode.Ldtoken or ILOpCode.Ldstr => 4,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
        _ => 0,
    };
}
