/**
 * 朗读 (read aloud) with the browser's own speech synthesis: nothing is sent anywhere and it
 * works offline with the phone's voices. The button is left out where the browser has no
 * speech synthesis or no voice for the language (Chinese: any zh voice; English: any en).
 */
import { h } from "./dom.js";
import { language, t } from "./i18n.js";

const synth = () => window.speechSynthesis || null;

/** A voice for the current language, or null (the phone has none: no button). */
export function voiceFor(lang = language()) {
  const voices = synth()?.getVoices?.() || [];
  const prefix = lang.startsWith("zh") ? "zh" : "en";
  return voices.find((v) => v.lang.replace("_", "-") === lang)
    || voices.find((v) => v.lang.toLowerCase().startsWith(prefix)) || null;
}

/** Stop whatever is being read (a new screen must not go on reading the old one). */
export function stopReading() {
  synth()?.cancel();
}

function speak(text, button) {
  const voice = voiceFor();
  stopReading();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = 0.9;  // a little slower than the default: easier to follow for older ears
  utterance.onend = utterance.onerror = () => button.setAttribute("aria-pressed", "false");
  button.setAttribute("aria-pressed", "true");
  synth().speak(utterance);
}

/**
 * A "Read aloud" button that reads `textOf()` (called when pressed, so it reads what is on
 * the screen then); pressed again while reading, it stops. null where it cannot work.
 */
export function readAloudButton(textOf, label = t("Read aloud")) {
  if (!synth() || !window.SpeechSynthesisUtterance || !voiceFor()) return null;
  const button = h("button", { type: "button", class: "chip read-aloud no-print", "aria-pressed": "false" }, label);
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-pressed") === "true") {
      stopReading();
      button.setAttribute("aria-pressed", "false");
    } else speak(textOf(), button);
  });
  return button;
}

// Voices load late in Chrome: screens drawn before that redraw once they are known.
export function onVoicesReady(callback) {
  const s = synth();
  if (!s || voiceFor()) return;
  s.addEventListener?.("voiceschanged", function once() {
    s.removeEventListener("voiceschanged", once);
    if (voiceFor()) callback();
  });
}
