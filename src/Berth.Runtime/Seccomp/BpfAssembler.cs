using Berth.Linux.Seccomp;

namespace Berth.Runtime.Seccomp;

/// <summary>
/// Builds a classic BPF program with symbolic forward jumps. Conditional jumps reach at most 255 instructions
/// ahead; <see cref="Build"/> inserts an unconditional jump (32-bit offset) after any that reach further.
/// </summary>
internal sealed class BpfAssembler
{
    private struct Item
    {
        public ushort Code;
        public uint K;
        public int TrueLabel;   // conditional: jt target; JA: target
        public int FalseLabel;  // conditional: jf target
    }

    private readonly List<Item> _items = new();
    private readonly List<int> _labels = new();   // label -> index of the instruction it marks (-1 unbound)
    private readonly Dictionary<uint, int> _returns = new();

    public int Count => _items.Count;

    public int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    public void Bind(int label)
    {
        if (_labels[label] >= 0) throw new InvalidOperationException($"bpf label {label} bound twice");
        _labels[label] = _items.Count;
    }

    /// <summary>A label for "return <paramref name="value"/>", emitted once per scope by <see cref="FlushReturns"/>.</summary>
    public int Return(uint value)
    {
        if (!_returns.TryGetValue(value, out int label)) _returns[value] = label = NewLabel();
        return label;
    }

    /// <summary>Emits the return instructions asked for since the last flush (so they sit near their users).</summary>
    public void FlushReturns()
    {
        foreach (var (value, label) in _returns.OrderBy(r => r.Value))
        {
            Bind(label);
            Emit(BpfInstruction.BPF_RET | BpfInstruction.BPF_K, value);
        }
        _returns.Clear();
    }

    public void LoadWord(uint offset) => Emit(BpfInstruction.BPF_LD | BpfInstruction.BPF_W | BpfInstruction.BPF_ABS, offset);

    public void And(uint k) => Emit(BpfInstruction.BPF_ALU | BpfInstruction.BPF_AND | BpfInstruction.BPF_K, k);

    /// <summary>if (A op k) goto trueLabel else goto falseLabel.</summary>
    public void JumpIf(ushort op, uint k, int trueLabel, int falseLabel) =>
        _items.Add(new Item { Code = (ushort)(BpfInstruction.BPF_JMP | op | BpfInstruction.BPF_K), K = k, TrueLabel = trueLabel, FalseLabel = falseLabel });

    public void Jump(int label) =>
        _items.Add(new Item { Code = BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA, TrueLabel = label, FalseLabel = -1 });

    private void Emit(ushort code, uint k) => _items.Add(new Item { Code = code, K = k, TrueLabel = -1, FalseLabel = -1 });

    private static bool IsConditional(ushort code) =>
        (code & 0x07) == BpfInstruction.BPF_JMP && (code & 0xf0) != BpfInstruction.BPF_JA;

    private static bool IsJumpAlways(ushort code) => code == (BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA);

    public BpfInstruction[] Build()
    {
        if (_returns.Count > 0) FlushReturns();
        foreach (var item in _items)
        {
            if (item.TrueLabel >= 0 && _labels[item.TrueLabel] < 0) throw new InvalidOperationException($"bpf label {item.TrueLabel} never bound");
            if (item.FalseLabel >= 0 && _labels[item.FalseLabel] < 0) throw new InvalidOperationException($"bpf label {item.FalseLabel} never bound");
        }

        // Give far conditional targets a trampoline right after the jump; insertions lengthen earlier jumps,
        // so repeat until a pass changes nothing.
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 0; i < _items.Count; i++)
                changed |= AddTrampolines(i);
        }

        var program = new BpfInstruction[_items.Count];
        for (int i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            if (IsConditional(item.Code))
            {
                int jt = Offset(i, item.TrueLabel), jf = Offset(i, item.FalseLabel);
                program[i] = new BpfInstruction(item.Code, checked((byte)jt), checked((byte)jf), item.K);
            }
            else if (IsJumpAlways(item.Code))
                program[i] = new BpfInstruction(item.Code, 0, 0, (uint)Offset(i, item.TrueLabel));
            else
                program[i] = new BpfInstruction(item.Code, 0, 0, item.K);
        }
        return program;
    }

    /// <summary>Puts unconditional jumps after the conditional jump at <paramref name="i"/> for targets out of its reach.</summary>
    private bool AddTrampolines(int i)
    {
        var item = _items[i];
        if (!IsConditional(item.Code)) return false;
        bool farTrue = Offset(i, item.TrueLabel) > 255, farFalse = Offset(i, item.FalseLabel) > 255;
        if (!farTrue && !farFalse) return false;
        int trueTarget = item.TrueLabel, falseTarget = item.FalseLabel;
        ShiftLabels(i + 1, (farTrue ? 1 : 0) + (farFalse ? 1 : 0));
        var trampolines = new List<Item>(2);
        if (farTrue)
        {
            item.TrueLabel = LabelAt(i + 1 + trampolines.Count);
            trampolines.Add(new Item { Code = BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA, TrueLabel = trueTarget, FalseLabel = -1 });
        }
        if (farFalse)
        {
            item.FalseLabel = LabelAt(i + 1 + trampolines.Count);
            trampolines.Add(new Item { Code = BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA, TrueLabel = falseTarget, FalseLabel = -1 });
        }
        _items[i] = item;
        _items.InsertRange(i + 1, trampolines);
        return true;
    }

    private int Offset(int from, int label)
    {
        int target = _labels[label];
        int offset = target - (from + 1);
        if (offset < 0) throw new InvalidOperationException($"bpf jump from {from} to {target} goes backwards");
        return offset;
    }

    /// <summary>Labels at or after <paramref name="index"/> move down by <paramref name="count"/> instructions.</summary>
    private void ShiftLabels(int index, int count)
    {
        for (int l = 0; l < _labels.Count; l++)
            if (_labels[l] >= index) _labels[l] += count;
    }

    private int LabelAt(int index)
    {
        _labels.Add(index);
        return _labels.Count - 1;
    }
}
