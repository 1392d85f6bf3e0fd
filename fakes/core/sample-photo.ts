// A small real JPEG (48 × 36, a colour gradient) for the photos citizens send in injected messages:
// WhatsApp media and Telegram files serve these bytes, so a client that downloads them gets an image
// it can decode and store.
export const CITIZEN_PHOTO_JPEG: Buffer = Buffer.from(
  '/9j/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAkADADASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAAAwIABAX/xAAWEAEBAQAAAAAAAAAAAAAAAAACAAH/xAAZAQEBAAMBAAAAAAAAAAAAAAADBAACBgX/xAAWEQEBAQAAAAAAAAAAAAAAAAACAAH/2gAMAwEAAhEDEQA/APMIkIkIkIvI1RhxkSEVkSERaq0OgisiQiQiPVWh3GRIRIRIRZquaDjIkIrIkIj1VodBFZEhEhEeqtDuI5khzLWttueEhzJDmWtHtaKzmSHMtaPa0X//2Q==',
  'base64',
);
