// Labelled form fields on react-aria-components: every field has a visible
// label, an optional hint, and errors tied to it with aria-describedby.
import { useState, type FormEvent, type KeyboardEvent, type ReactNode, type Ref, type SyntheticEvent } from 'react';
import {
  Button,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
  type Key,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';

// react-aria refreshes a shown error only on the native change event (blur). Refresh it while the
// person types instead: otherwise the error vanishes on the pointer-down that blurs the field, the
// layout shifts, and the click on the submit button below it lands on nothing.
function refreshShownError(e: FormEvent<HTMLInputElement | HTMLTextAreaElement>): void {
  const el = e.currentTarget;
  if (el.getAttribute('aria-invalid') === 'true') el.dispatchEvent(new Event('change', { bubbles: true }));
}

type TextInputProps = {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'search' | 'date' | 'url';
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  description?: ReactNode;
  isRequired?: boolean;
  isDisabled?: boolean;
  autoComplete?: string;
  autoFocus?: boolean;
  validate?: (value: string) => string | null | undefined;
  inputMode?: 'text' | 'email' | 'search';
  min?: string;
  max?: string;
  className?: string;
};

export function TextInput(props: TextInputProps) {
  const { t } = useTranslation();
  const { label, description, validate, isRequired, className, min, max, ...rest } = props;
  return (
    <TextField
      {...rest}
      isRequired={isRequired}
      className={`field ${className ?? ''}`}
      validate={(value) => {
        if (isRequired && !value.trim()) return t('auth.fieldRequired');
        return validate?.(value) ?? null;
      }}
    >
      <Label className="field__label">{label}</Label>
      <Input className="field__input" min={min} max={max} onInput={refreshShownError} />
      {description ? (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error" />
    </TextField>
  );
}

type TextAreaProps = {
  label: string;
  name: string;
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  description?: ReactNode;
  isRequired?: boolean;
  isDisabled?: boolean;
  autoFocus?: boolean;
  rows?: number;
  maxLength?: number;
  minLength?: number;
  id?: string;
  validate?: (value: string) => string | null | undefined;
  className?: string;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
  inputRef?: Ref<HTMLTextAreaElement>;
  onSelect?: (e: SyntheticEvent<HTMLTextAreaElement>) => void;
};

/** A multi-line text field (replies, notes, reasons) with the same label, hint and error wiring. */
export function TextAreaInput(props: TextAreaProps) {
  const { t } = useTranslation();
  const { label, description, validate, isRequired, className, rows = 4, id, onKeyDown, inputRef, onSelect, minLength, ...rest } = props;
  return (
    <TextField
      {...rest}
      isRequired={isRequired}
      className={`field ${className ?? ''}`}
      validate={(value) => {
        if (isRequired && !value.trim()) return t('auth.fieldRequired');
        if (minLength && value.trim().length < minLength) return t('inbox.tooShort', { count: minLength });
        return validate?.(value) ?? null;
      }}
    >
      <Label className="field__label">{label}</Label>
      <TextArea className="field__input field__textarea" rows={rows} id={id} onInput={refreshShownError} onKeyDown={onKeyDown} ref={inputRef} onSelect={onSelect} />
      {description ? (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error" />
    </TextField>
  );
}

/** A password field with a show/hide toggle (helps people on phones avoid typos). */
export function PasswordInput(props: Omit<TextInputProps, 'type'>) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const { label, description, validate, isRequired, className, ...rest } = props;
  return (
    <TextField
      {...rest}
      type={visible ? 'text' : 'password'}
      isRequired={isRequired}
      className={`field ${className ?? ''}`}
      validate={(value) => {
        if (isRequired && !value) return t('auth.fieldRequired');
        return validate?.(value) ?? null;
      }}
    >
      <Label className="field__label">{label}</Label>
      <div className="field__group">
        <Input className="field__input" spellCheck={false} autoCapitalize="none" onInput={refreshShownError} />
        <Button
          className="field__toggle"
          aria-label={visible ? t('auth.hidePassword') : t('auth.showPassword')}
          onPress={() => setVisible((v) => !v)}
        >
          {visible ? t('auth.hide') : t('auth.show')}
        </Button>
      </div>
      {description ? (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error" />
    </TextField>
  );
}

export type Option = { id: string; label: string; description?: string };

type SelectFieldProps = {
  label: string;
  name?: string;
  items: Option[];
  value: string | null;
  onChange: (value: string) => void;
  placeholder?: string;
  description?: ReactNode;
  isRequired?: boolean;
  isDisabled?: boolean;
  className?: string;
};

export function SelectField({ label, items, value, onChange, placeholder, description, className, ...rest }: SelectFieldProps) {
  const { t } = useTranslation();
  return (
    <Select
      {...rest}
      className={`field ${className ?? ''}`}
      value={value}
      onChange={(key: Key | null) => {
        if (key !== null) onChange(String(key));
      }}
      placeholder={placeholder ?? t('common.choose')}
      validate={(v) => (rest.isRequired && (v === null || v === undefined) ? t('auth.fieldRequired') : null)}
    >
      <Label className="field__label">{label}</Label>
      <Button className="field__input field__select">
        <SelectValue className="field__select-value" />
        <span className="field__chevron" aria-hidden="true">
          ▾
        </span>
      </Button>
      {description ? (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error" />
      <Popover className="popover" offset={4}>
        <ListBox className="listbox" items={items}>
          {(item) => (
            <ListBoxItem id={item.id} textValue={item.label} className="listbox__item">
              {item.description ? (
                <>
                  <Text slot="label">{item.label}</Text>
                  <Text slot="description" className="listbox__desc">
                    {item.description}
                  </Text>
                </>
              ) : (
                item.label
              )}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}

type ComboFieldProps = {
  label: string;
  name?: string;
  items: Option[];
  value: string | null;
  onChange: (value: string | null) => void;
  description?: ReactNode;
  isRequired?: boolean;
  isDisabled?: boolean;
  className?: string;
};

/** A searchable choice among many (e.g. ~55 OPDs). */
export function ComboField({ label, items, value, onChange, description, className, ...rest }: ComboFieldProps) {
  const { t } = useTranslation();
  return (
    <ComboBox
      {...rest}
      className={`field ${className ?? ''}`}
      items={items}
      value={value}
      onChange={(key: Key | null) => onChange(key === null ? null : String(key))}
      menuTrigger="focus"
      validate={(v) => (rest.isRequired && (v === null || v === undefined) ? t('auth.fieldRequired') : null)}
    >
      <Label className="field__label">{label}</Label>
      <div className="field__group">
        <Input className="field__input" />
        <Button className="field__toggle field__toggle--icon" aria-label={label}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      {description ? (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error" />
      <Popover className="popover" offset={4}>
        <ListBox className="listbox" items={items}>
          {(item) => (
            <ListBoxItem id={item.id} textValue={item.label} className="listbox__item">
              {item.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
