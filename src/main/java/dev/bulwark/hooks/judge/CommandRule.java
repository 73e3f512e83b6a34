package dev.bulwark.hooks.judge;

/** Judges one program's invocation; rules never print and never run anything. */
@FunctionalInterface
interface CommandRule {
    Verdict judge(Invocation call);
}
