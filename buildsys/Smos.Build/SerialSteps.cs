// A serial script as data: Expect("smos> "), SendLine("ps"), ExpectLine(@"^\s*1\s+init"), ... run in order by SerialConversation.Run.
using System;

namespace Smos.Build;

/// <summary>One step of a serial script (<see cref="SerialConversation.Run"/>); made by the methods of <see cref="SerialSteps"/>.</summary>
internal abstract record SerialStep
{
    /// <summary>Runs the step on <paramref name="conversation"/>; throws <see cref="SerialScriptException"/> when it fails.</summary>
    public abstract StepResult RunOn(SerialConversation conversation);
}

/// <summary>
/// The steps, for <c>using static Smos.Build.SerialSteps;</c>. Timeouts are in seconds; 0 means the conversation's
/// <see cref="SerialConversation.Timeout"/>.
/// </summary>
internal static class SerialSteps
{
    /// <summary><see cref="SerialConversation.Expect"/>: <paramref name="text"/> anywhere after the cursor, also a partial line.</summary>
    public static SerialStep Expect(string text, double seconds = 0) => new ExpectStep(text, seconds);

    /// <summary><see cref="SerialConversation.ExpectPrompt"/>: the conversation's prompt.</summary>
    public static SerialStep ExpectPrompt(double seconds = 0) => new ExpectPromptStep(seconds);

    /// <summary><see cref="SerialConversation.ExpectLine"/>: a complete line matching <paramref name="pattern"/> before the prompt comes back.</summary>
    public static SerialStep ExpectLine(string pattern, double seconds = 0, bool beforePrompt = true) => new ExpectLineStep(pattern, seconds, beforePrompt);

    /// <summary><see cref="SerialConversation.Send"/>: keys, one at a time ("\r" is Enter).</summary>
    public static SerialStep Send(string keys) => new SendStep(keys);

    /// <summary><see cref="SerialConversation.SendLine"/>: a line and Enter.</summary>
    public static SerialStep SendLine(string line) => new SendStep(line + SerialConversation.Enter);

    /// <summary><see cref="SerialConversation.ExpectEnd"/>: QEMU's output ends (it exited, or was stopped after SMOS-POWEROFF).</summary>
    public static SerialStep ExpectEnd(double seconds = 0) => new ExpectEndStep(seconds);

    internal static TimeSpan? Timeout(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;

    private sealed record ExpectStep(string Text, double Seconds) : SerialStep
    {
        public override StepResult RunOn(SerialConversation conversation) => conversation.Expect(Text, Timeout(Seconds));
    }

    private sealed record ExpectPromptStep(double Seconds) : SerialStep
    {
        public override StepResult RunOn(SerialConversation conversation) => conversation.ExpectPrompt(Timeout(Seconds));
    }

    private sealed record ExpectLineStep(string Pattern, double Seconds, bool BeforePrompt) : SerialStep
    {
        public override StepResult RunOn(SerialConversation conversation) => conversation.ExpectLine(Pattern, Timeout(Seconds), BeforePrompt);
    }

    private sealed record SendStep(string Keys) : SerialStep
    {
        public override StepResult RunOn(SerialConversation conversation) => conversation.Send(Keys);
    }

    private sealed record ExpectEndStep(double Seconds) : SerialStep
    {
        public override StepResult RunOn(SerialConversation conversation) => conversation.ExpectEnd(Timeout(Seconds));
    }
}
