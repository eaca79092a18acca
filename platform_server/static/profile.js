// The customer's alias and age: entered once, kept in sync between the two forms and remembered
// in this browser only (localStorage), so a returning guest does not type them again.

const STORAGE_KEY = "videoberatung.profile.v1";
export const ALIAS_MAX = 40;
export const AGE_MIN = 16;
export const AGE_MAX = 120;

/** Links alias/age input pairs (live form, booking form) so both always show the same values. */
export function linkProfileFields(pairs, storage = window.localStorage) {
  let saved = {};
  try {
    saved = JSON.parse(storage.getItem(STORAGE_KEY) || "{}") || {};
  } catch {
    saved = {};
  }
  for (const field of ["alias", "age"]) {
    const inputs = pairs.map((pair) => pair[field]);
    for (const input of inputs) {
      if (saved[field] !== undefined) input.value = saved[field];
      input.addEventListener("input", () => {
        for (const other of inputs) if (other !== input) other.value = input.value;
        saved[field] = input.value;
        storage.setItem(STORAGE_KEY, JSON.stringify(saved));
      });
    }
  }
}

/** Checks alias and age; returns {alias, age} or {error: German sentence, field: input}. */
export function readProfile({ alias: aliasInput, age: ageInput }) {
  const alias = aliasInput.value.trim();
  if (!alias) return { error: "Bitte geben Sie einen Namen oder ein Alias ein.", field: aliasInput };
  if (alias.length > ALIAS_MAX) {
    return { error: `Der Name darf höchstens ${ALIAS_MAX} Zeichen lang sein.`, field: aliasInput };
  }
  const age = Number(ageInput.value);
  if (!ageInput.value || !Number.isInteger(age) || age < AGE_MIN || age > AGE_MAX) {
    return { error: `Bitte geben Sie Ihr Alter ein (${AGE_MIN} bis ${AGE_MAX}).`, field: ageInput };
  }
  return { alias, age };
}

/** Marks a field invalid for assistive tech and moves the focus there. */
export function flagInvalid(input) {
  input.setAttribute("aria-invalid", "true");
  input.focus();
  input.addEventListener("input", () => input.removeAttribute("aria-invalid"), { once: true });
}
