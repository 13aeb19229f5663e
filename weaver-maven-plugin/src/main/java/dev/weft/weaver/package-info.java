/**
 * The weaver: turns each {@code @Coroutine} method of a class file into a resumable state machine.
 *
 * <p>A pipeline of small passes over one class at a time ({@link dev.weft.weaver.ClassWeaver}):
 * find the coroutines ({@code CoroutineFinder}), type every value live at each
 * suspension point ({@code FrameAnalysis}), reject what cannot work
 * ({@code LegalityCheck}), rewrite the method and generate its frame class
 * ({@code StateMachineRewriter}, {@code FrameClassGenerator}), and
 * verify every class written ({@code WovenClassVerifier}).
 *
 * <p>Weaving is deterministic (the output depends only on the input bytes and the class path) and
 * idempotent (a class marked woven is left alone). Nothing here depends on Maven, so that other
 * front ends can share it.
 */
package dev.weft.weaver;
